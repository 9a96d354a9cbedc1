package com.coeffection.sync.monday.standin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stand-in's account and its workspaces, as {@code account}, {@code me { account }} and {@code workspaces}
 * answer them. The stand-in has one account and one open workspace holding every board.
 */
final class StandInWorkspaces {
    /** The id of the stand-in's only workspace. */
    static final long MAIN_WORKSPACE_ID = 1;
    static final String MAIN_WORKSPACE_NAME = "Main workspace";
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
        if (ids != null && ids.stream().noneMatch(id -> String.valueOf(id).equals(Long.toString(MAIN_WORKSPACE_ID)))) {
            return List.of();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Long.toString(MAIN_WORKSPACE_ID));
        m.put("name", MAIN_WORKSPACE_NAME);
        m.put("kind", "open");
        m.put("is_default_workspace", true);
        m.put("state", "active");
        return List.of(m);
    }
}
