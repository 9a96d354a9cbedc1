package com.coeffection.sync.contract;

/**
 * The one id scheme of history entries, commands, record updates, links and dead letters. Every id is derived
 * from what triggered it (an event id, a monday trigger uuid, a command id, a Kafka position, a request id), never
 * from a clock or a random number, so a replay of the same input produces the same ids and every consumer can
 * drop a duplicate by id.
 *
 * <pre>
 *   history entry of a Coeffection change   rc:{eventId}
 *   history entry of a monday item event    mi:{triggerUuid}
 *   history entry of a sink result          mr:{commandId}
 *   history entry of a control request      ctl:{requestId}
 *   history entry of rejected input         rejected:{deadLetterId}
 *   people a monday item event left unnamed mp:{triggerUuid}
 *   link entry of an entry                  {entryId}:link
 *   n-th monday command of an entry         {entryId}:c{n}
 *   record update of an entry               {entryId}:u
 *   dead letter of a Kafka record           dlq:{topic}:{partition}:{offset}[:{suffix}]
 * </pre>
 */
public final class SyncIds {
    private SyncIds() {
    }

    public static String recordChangeEntry(String eventId) {
        return "rc:" + eventId;
    }

    public static String itemEventEntry(String triggerUuid) {
        return "mi:" + triggerUuid;
    }

    public static String resultEntry(String commandId) {
        return "mr:" + commandId;
    }

    /**
     * The history entry of the people of a monday item event whose email could not be found (the event's own entry
     * is {@link #itemEventEntry}); written by the ingress.
     */
    public static String peopleEntry(String triggerUuid) {
        return "mp:" + triggerUuid;
    }

    public static String controlEntry(String requestId) {
        return "ctl:" + requestId;
    }

    public static String rejectedEntry(String deadLetterId) {
        return "rejected:" + deadLetterId;
    }

    public static String linkEntry(String entryId) {
        return entryId + ":link";
    }

    public static String command(String entryId, int n) {
        return entryId + ":c" + n;
    }

    public static String recordUpdate(String entryId) {
        return entryId + ":u";
    }

    /** The dead letter of the record at {@code topic}/{@code partition}/{@code offset}; suffix may be null. */
    public static String deadLetter(String topic, int partition, long offset, String suffix) {
        return "dlq:" + topic + ":" + partition + ":" + offset + (suffix == null ? "" : ":" + suffix);
    }

    /** The history entry a command id belongs to: the command id without its {@code :c{n}} suffix. */
    public static String entryOfCommand(String commandId) {
        int at = commandId.lastIndexOf(":c");
        return at < 0 ? commandId : commandId.substring(0, at);
    }

}
