package com.coeffection.sync.monday.standin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stand-in's account and its workspaces, as {@code account}, {@code me { account }} and {@code workspaces}
 * answer them. The stand-in has one account with two open workspaces: the main one (the default, where a board goes
 * when {@code create_board} names none; monday reports its boards' {@code workspace_id} as null) and "Sales".
 */
final class StandInWorkspaces {
    /** The id of the account's main workspace. */
    static final long MAIN_WORKSPACE_ID = 1;
    static final String MAIN_WORKSPACE_NAME = "Main workspace";
    /** A second workspace an admin may pick. */
    static final long SALES_WORKSPACE_ID = 2;
    static final String SALES_WORKSPACE_NAME = "Sales";
    static final String ACCOUNT_NAME = "Customer account";

    private StandInWorkspaces() {
    }

    static Map<String, Object> account(long accountId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Long.toString(accountId));
        m.put("name", ACCOUNT_NAME);
        return m;
    }

    /** The active workspaces, filtered by {@code ids} when given. */
    static List<Map<String, Object>> workspaces(List<?> ids) {
        List<Map<String, Object>> all = List.of(workspace(MAIN_WORKSPACE_ID, MAIN_WORKSPACE_NAME, true),
                workspace(SALES_WORKSPACE_ID, SALES_WORKSPACE_NAME, false));
        return all.stream().filter(w -> ids == null || ids.stream().anyMatch(id -> String.valueOf(id).equals(w.get("id"))))
                .toList();
    }

    /** Whether the account has a workspace with this id. */
    static boolean exists(long id) {
        return id == MAIN_WORKSPACE_ID || id == SALES_WORKSPACE_ID;
    }

    private static Map<String, Object> workspace(long id, String name, boolean main) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Long.toString(id));
        m.put("name", name);
        m.put("kind", "open");
        m.put("is_default_workspace", main);
        m.put("state", "active");
        return m;
    }
}
