package com.coeffection.sync.ingress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.UUID;

/** monday webhook bodies shaped as monday delivers them (see shared/monday/API-FACTS.md, "Webhooks"). */
final class MondayPayloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MondayPayloads() {
    }

    static String newTrigger() {
        return UUID.randomUUID().toString();
    }

    /** The fields every delivery has. */
    static ObjectNode common(String type, String triggerUuid, long boardId) {
        ObjectNode event = JSON.createObjectNode();
        event.put("app", "monday");
        event.put("type", type);
        event.put("triggerTime", "2026-11-22T06:30:15.123Z");
        event.put("subscriptionId", 7301);
        event.put("isRetry", false);
        event.put("userId", 4401);
        event.putNull("originalTriggerUuid");
        event.put("boardId", boardId);
        event.put("triggerUuid", triggerUuid);
        return event;
    }

    static String wrap(ObjectNode event) {
        ObjectNode body = JSON.createObjectNode();
        body.set("event", event);
        return body.toString();
    }

    static String createPulse(String trigger, long boardId, long itemId) {
        ObjectNode e = common("create_pulse", trigger, boardId);
        e.put("pulseId", itemId);
        e.put("pulseName", "Sarah Chen");
        e.put("groupId", "topics");
        e.put("groupName", "Leads");
        e.put("groupColor", "#579bfc");
        e.put("isTopGroup", true);
        ObjectNode columns = e.putObject("columnValues");
        columns.putObject("email").put("email", "s.chen@globex.com").put("text", "s.chen@globex.com");
        columns.putObject("numbers").put("value", 42);
        return wrap(e);
    }

    static String statusChange(String trigger, long boardId, long itemId) {
        ObjectNode e = common("update_column_value", trigger, boardId);
        e.put("pulseId", itemId);
        e.put("pulseName", "Sarah Chen");
        e.put("groupId", "topics");
        e.put("columnId", "status");
        e.put("columnType", "color");
        e.put("columnTitle", "Status");
        ObjectNode value = e.putObject("value");
        ObjectNode label = value.putObject("label");
        label.put("index", 1).put("text", "Done").put("is_done", true);
        label.putObject("style").put("color", "#00c875").put("border", "#00b461");
        value.putNull("post_id");
        ObjectNode previous = e.putObject("previousValue");
        previous.putObject("label").put("index", 0).put("text", "Working on it");
        e.put("changedAt", new BigDecimal("1763793015.123456"));
        e.put("isTopGroup", true);
        return wrap(e);
    }

    static String nameChange(String trigger, long boardId, long itemId) {
        ObjectNode e = common("update_name", trigger, boardId);
        e.put("pulseId", itemId);
        e.putObject("value").put("name", "Sarah Chen-Park");
        e.putObject("previousValue").put("name", "Sarah Chen");
        return wrap(e);
    }

    static String deletePulse(String trigger, long boardId, long itemId) {
        ObjectNode e = common("delete_pulse", trigger, boardId);
        e.put("itemId", itemId);
        e.put("itemName", "Sarah Chen");
        return wrap(e);
    }

    static String moveToGroup(String trigger, long boardId, long itemId) {
        ObjectNode e = common("move_pulse_into_group", trigger, boardId);
        e.put("pulseId", itemId);
        e.put("pulseName", "Sarah Chen");
        e.put("sourceGroupId", "topics");
        e.put("destGroupId", "closed_won");
        e.putObject("destGroup").put("id", "closed_won").put("title", "Closed Won");
        e.putObject("sourceGroup").put("id", "topics").put("title", "Leads");
        return wrap(e);
    }

    static String archivePulse(String trigger, long boardId, long itemId) {
        ObjectNode e = common("archive_pulse", trigger, boardId);
        e.put("itemId", itemId);
        e.put("itemName", "Sarah Chen");
        return wrap(e);
    }

    static String restorePulse(String trigger, long boardId, long itemId) {
        ObjectNode e = common("restore_pulse", trigger, boardId);
        e.put("itemId", itemId);
        e.put("itemName", "Sarah Chen");
        return wrap(e);
    }

    /** An item update (comment): a type the pipeline does not sync. */
    static String createUpdate(String trigger, long boardId, long itemId) {
        ObjectNode e = common("create_update", trigger, boardId);
        e.put("pulseId", itemId);
        e.put("body", "<p>Called her back</p>");
        e.put("textBody", "Called her back");
        return wrap(e);
    }

    /** A board-level event: no item at all. */
    static String createGroup(String trigger, long boardId) {
        ObjectNode e = common("create_group", trigger, boardId);
        e.put("groupId", "new_group_9921");
        e.put("groupName", "Follow-ups");
        return wrap(e);
    }
}
