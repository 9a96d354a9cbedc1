package com.coeffection.sync.monday.standin;

import com.coeffection.sync.monday.standin.StandInColumns.Column;
import com.coeffection.sync.monday.standin.StandInState.Board;
import com.coeffection.sync.monday.standin.StandInState.Item;
import com.coeffection.sync.monday.standin.StandInState.Webhook;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stand-in's objects as its GraphQL answers show them: one map per monday type (board, column, group, item, items
 * page, webhook, user) with monday's field names; a board and an item keep their object under a hidden key for the
 * nested fetchers.
 */
final class GraphQlShapes {
    private GraphQlShapes() {
    }

    static Map<String, Object> boardMap(Board b) {
        if (b == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("__board", b);
        m.put("id", Long.toString(b.id));
        m.put("name", b.name);
        m.put("state", "active");
        m.put("board_kind", b.kind);
        m.put("description", b.description);
        m.put("workspace_id", b.workspaceId == null ? null : Long.toString(b.workspaceId));
        return m;
    }

    static Map<String, Object> columnMap(Column c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id);
        m.put("title", c.title);
        m.put("type", c.type);
        m.put("description", c.description);
        m.put("settings", c.settings());
        m.put("archived", false);
        try {
            m.put("settings_str", StandInState.JSON.writeValueAsString(c.settings()));
        } catch (JsonProcessingException e) {
            m.put("settings_str", "{}");
        }
        return m;
    }

    static Map<String, Object> groupMap(StandInState.Group g) {
        if (g == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", g.id());
        m.put("title", g.title());
        m.put("color", g.color());
        m.put("archived", false);
        m.put("deleted", false);
        m.put("position", "0");
        return m;
    }

    static Map<String, Object> itemMap(Item i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("__item", i);
        m.put("id", Long.toString(i.id));
        m.put("name", i.name);
        m.put("state", i.state);
        m.put("created_at", i.createdAt.toString());
        m.put("updated_at", i.updatedAt.toString());
        return m;
    }

    static Map<String, Object> pageMap(Map.Entry<List<Item>, String> page) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cursor", page.getValue().isEmpty() ? null : page.getValue());
        m.put("items", page.getKey().stream().map(GraphQlShapes::itemMap).toList());
        return m;
    }

    static Map<String, Object> webhookMap(Webhook w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Long.toString(w.id()));
        m.put("board_id", Long.toString(w.boardId()));
        m.put("event", w.event());
        m.put("config", w.config());
        return m;
    }

    static Map<String, Object> userMap(StandInConfig.User u) {
        if (u == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Long.toString(u.id()));
        m.put("name", u.name());
        m.put("email", u.email());
        m.put("enabled", true);
        m.put("is_guest", false);
        return m;
    }
}
