package com.coeffection.sync.coeffection.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The stand-in's records: per tenant and entity type, in creation order, each a JSON object with {@code id},
 * {@code createdAt}, {@code updatedAt} and its fields. Every change is announced to the listeners (the webhook
 * sender) after it is applied, with the fields it changed, who made it and, for a change that applies an update
 * the sync sent, that update's id. Thread-safe: one lock for the whole store, which is plenty for a stand-in;
 * listeners are told under that lock, so they see a record's changes in the order they were applied, and must
 * only hand the change on (enqueue), never block.
 */
public final class RecordStore {
    /** Members every record has that are not fields of the record. */
    public static final List<String> SYSTEM_MEMBERS = List.of("id", "createdAt", "updatedAt");

    /** What happened to a record. */
    public enum Operation { CREATED, UPDATED, DELETED }

    /** Who made a change: {@code kind} is USER or INTEGRATION, as in the sync's contract. */
    public record Actor(String kind, String id, String name, String email) {
        public static final Actor API = new Actor("USER", "api", "API key", null);
    }

    /**
     * One applied change.
     *
     * @param record      the record after the change (before it, for a delete); a copy
     * @param changed     the fields the change set (all of them for a create)
     * @param causationId the update of the sync this change applies, or null
     */
    public record Change(String tenantId, String entityType, Operation operation, ObjectNode record,
                         List<String> changed, Actor actor, String causationId, Instant at, long sequence) {
        public String recordId() {
            return record.path("id").asText();
        }
    }

    /** A page of a listing. */
    public record Page(List<ObjectNode> records, int total) {
    }

    private final Clock clock;
    private final Map<String, Map<String, LinkedHashMap<String, ObjectNode>>> tenants = new LinkedHashMap<>();
    private final List<java.util.function.Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong ids = new AtomicLong(1_000);

    public RecordStore(Clock clock) {
        this.clock = clock;
    }

    /** {@code listener} is told of every change, in the order they were applied; it must not block. */
    public void onChange(java.util.function.Consumer<Change> listener) {
        listeners.add(listener);
    }

    /** The records of one entity type that pass {@code filter}, {@code limit} from {@code offset}. */
    public synchronized Page list(String tenantId, String entityType, int offset, int limit, Predicate<ObjectNode> filter) {
        List<ObjectNode> all = new ArrayList<>();
        for (ObjectNode r : records(tenantId, entityType).values()) {
            if (filter.test(r)) {
                all.add(r);
            }
        }
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + limit);
        List<ObjectNode> page = new ArrayList<>(to - from);
        for (ObjectNode r : all.subList(from, to)) {
            page.add(r.deepCopy());
        }
        return new Page(page, all.size());
    }

    /** The id of the first record whose {@code field} holds {@code value}, if any. */
    public synchronized Optional<String> idWhere(String tenantId, String entityType, String field, JsonNode value) {
        for (ObjectNode r : records(tenantId, entityType).values()) {
            if (value.equals(r.get(field))) {
                return Optional.of(r.path("id").asText());
            }
        }
        return Optional.empty();
    }

    public synchronized Optional<ObjectNode> get(String tenantId, String entityType, String id) {
        ObjectNode r = records(tenantId, entityType).get(id);
        return r == null ? Optional.empty() : Optional.of(r.deepCopy());
    }

    /** The entity types a tenant has records of. */
    public synchronized List<String> entityTypes(String tenantId) {
        return List.copyOf(tenants.getOrDefault(tenantId, Map.of()).keySet());
    }

    /** The number of records of one entity type. */
    public synchronized int count(String tenantId, String entityType) {
        return records(tenantId, entityType).size();
    }

    /**
     * Creates a record from {@code fields} (system members in it are ignored, except an {@code id} given by a
     * data load and {@code updatedAt}/{@code createdAt} of one).
     */
    public synchronized Change create(String tenantId, String entityType, ObjectNode fields, Actor actor, boolean keepGivenTimes) {
        return create(tenantId, entityType, fields, actor, keepGivenTimes, null);
    }

    /** As {@link #create(String, String, ObjectNode, Actor, boolean)}, applying the sync's update {@code causationId}. */
    public synchronized Change create(String tenantId, String entityType, ObjectNode fields, Actor actor,
                                      boolean keepGivenTimes, String causationId) {
        Change change;
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        String id = keepGivenTimes && fields.hasNonNull("id") ? fields.get("id").asText()
                : Entities.idPrefix(entityType) + Long.toString(ids.incrementAndGet(), 36).toUpperCase();
        r.put("id", id);
        r.put("createdAt", keepGivenTimes && fields.hasNonNull("createdAt") ? fields.get("createdAt").asText() : now.toString());
        r.put("updatedAt", keepGivenTimes && fields.hasNonNull("updatedAt") ? fields.get("updatedAt").asText() : now.toString());
        List<String> changed = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            if (!SYSTEM_MEMBERS.contains(member.getKey())) {
                r.set(member.getKey(), member.getValue().deepCopy());
                changed.add(member.getKey());
            }
        }
        records(tenantId, entityType).put(id, r);
        change = new Change(tenantId, entityType, Operation.CREATED, r.deepCopy(), List.copyOf(changed), actor,
                causationId, now, sequence.incrementAndGet());
        announce(change);
        return change;
    }

    /**
     * Sets {@code fields} on a record. Only members whose value differs count as changed; a patch that changes
     * nothing is no change (empty result), as Coeffection sends no webhook for it.
     */
    public synchronized Optional<Change> patch(String tenantId, String entityType, String id, ObjectNode fields, Actor actor,
                                  String causationId) {
        Change change;
        ObjectNode r = records(tenantId, entityType).get(id);
        if (r == null) {
            throw new NoSuchRecordException(tenantId, entityType, id);
        }
        List<String> changed = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            if (SYSTEM_MEMBERS.contains(member.getKey())) {
                continue;
            }
            JsonNode before = r.get(member.getKey());
            if (before == null || !before.equals(member.getValue())) {
                r.set(member.getKey(), member.getValue().deepCopy());
                changed.add(member.getKey());
            }
        }
        if (changed.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        r.put("updatedAt", now.toString());
        change = new Change(tenantId, entityType, Operation.UPDATED, r.deepCopy(), List.copyOf(changed), actor,
                causationId, now, sequence.incrementAndGet());
        announce(change);
        return Optional.of(change);
    }

    public synchronized Change delete(String tenantId, String entityType, String id, Actor actor) {
        Change change;
        ObjectNode r = records(tenantId, entityType).remove(id);
        if (r == null) {
            throw new NoSuchRecordException(tenantId, entityType, id);
        }
        change = new Change(tenantId, entityType, Operation.DELETED, r, List.of(), actor, null, clock.instant(),
                sequence.incrementAndGet());
        announce(change);
        return change;
    }

    /** Every record of every tenant, for the state view: tenant to entity type to records. */
    public synchronized Map<String, Map<String, List<ObjectNode>>> snapshot() {
        Map<String, Map<String, List<ObjectNode>>> copy = new LinkedHashMap<>();
        tenants.forEach((tenant, types) -> {
            Map<String, List<ObjectNode>> t = new LinkedHashMap<>();
            types.forEach((type, rs) -> t.put(type, rs.values().stream().map(ObjectNode::deepCopy).toList()));
            copy.put(tenant, t);
        });
        return copy;
    }

    private LinkedHashMap<String, ObjectNode> records(String tenantId, String entityType) {
        return tenants.computeIfAbsent(tenantId, t -> new LinkedHashMap<>())
                .computeIfAbsent(entityType, e -> new LinkedHashMap<>());
    }

    private void announce(Change change) {
        for (var listener : listeners) {
            listener.accept(change);
        }
    }

    /** No record with that id. */
    public static final class NoSuchRecordException extends RuntimeException {
        public NoSuchRecordException(String tenantId, String entityType, String id) {
            super("No " + entityType + " with id '" + id + "' in tenant '" + tenantId + "'");
        }
    }
}
