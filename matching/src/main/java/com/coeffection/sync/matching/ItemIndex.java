package com.coeffection.sync.matching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The items of one monday board, indexed for matching records to them: by normalised email, by phone (E.164), by
 * group and normalised name, and by name length for fuzzy comparison. Kept current as items are read, created,
 * changed and deleted. Also knows which record each item is claimed by (linked, or proposed for review), so that
 * one item is never linked to two records.
 *
 * <p>The rules, in order: exact email, exact phone, exact name within the group the record's stage maps to, fuzzy
 * name (at least 85% similar, {@link NameSimilarity}). The first rule that finds a candidate decides. An exact rule
 * that finds exactly one free item links it; several items at that rank, or an item already claimed by another
 * record, go to review; a fuzzy match always goes to review. Not thread-safe: one index belongs to one task.
 */
public final class ItemIndex {
    private final Normalizer normalizer;
    private final Map<Long, ItemFacts> items = new LinkedHashMap<>();
    private final Map<String, Set<Long>> byEmail = new HashMap<>();
    private final Map<String, Set<Long>> byPhone = new HashMap<>();
    private final Map<String, Set<Long>> byGroupAndName = new HashMap<>();
    private final TreeMap<Integer, Set<Long>> byNameLength = new TreeMap<>();
    private final Map<Long, String> normalisedNames = new HashMap<>();
    private final Map<Long, String> claims = new HashMap<>();
    private java.util.function.LongFunction<String> linkedElsewhere = itemId -> null;

    public ItemIndex(Normalizer normalizer) {
        this.normalizer = normalizer;
    }

    /** Adds an item, or replaces what is known of it. */
    public void put(ItemFacts item) {
        remove(item.itemId());
        items.put(item.itemId(), item);
        Normalizer.email(item.email()).ifPresent(e -> add(byEmail, e, item.itemId()));
        normalizer.phone(item.phone()).ifPresent(p -> add(byPhone, p, item.itemId()));
        Normalizer.name(item.name()).ifPresent(n -> {
            normalisedNames.put(item.itemId(), n);
            add(byGroupAndName, groupKey(item.groupId(), n), item.itemId());
            byNameLength.computeIfAbsent(n.length(), k -> new LinkedHashSet<>()).add(item.itemId());
        });
    }

    /** Forgets a deleted item (and its claim). */
    public void remove(long itemId) {
        ItemFacts old = items.remove(itemId);
        if (old == null) {
            return;
        }
        Normalizer.email(old.email()).ifPresent(e -> drop(byEmail, e, itemId));
        normalizer.phone(old.phone()).ifPresent(p -> drop(byPhone, p, itemId));
        String n = normalisedNames.remove(itemId);
        if (n != null) {
            drop(byGroupAndName, groupKey(old.groupId(), n), itemId);
            Set<Long> sameLength = byNameLength.get(n.length());
            if (sameLength != null) {
                sameLength.remove(itemId);
                if (sameLength.isEmpty()) {
                    byNameLength.remove(n.length());
                }
            }
        }
        claims.remove(itemId);
    }

    /**
     * Where to look for links this index does not hold itself (e.g. items linked since they were created by the
     * sync): an item {@code lookup} names a record for counts as claimed by that record.
     */
    public void linksFrom(java.util.function.LongFunction<String> lookup) {
        this.linkedElsewhere = lookup;
    }

    /** Marks the item as linked to (or proposed for) {@code recordKey}. */
    public void claim(long itemId, String recordKey) {
        claims.put(itemId, recordKey);
    }

    /** The item is free again (a rejected review, an unlinked record). */
    public void release(long itemId) {
        claims.remove(itemId);
    }

    /** The record an item is claimed by. */
    public Optional<String> claimOf(long itemId) {
        return Optional.ofNullable(claims.get(itemId));
    }

    public int size() {
        return items.size();
    }

    public Optional<ItemFacts> item(long itemId) {
        return Optional.ofNullable(items.get(itemId));
    }

    /** Matches one record against the board's items (its own claims count as free). */
    public MatchOutcome match(RecordFacts record) {
        return decide(record, candidates(record), Map.of());
    }

    /**
     * Matches records together, as when a board is connected: besides the rules, two of these records whose best
     * candidate is the same item both go to review, whichever comes first. Links are claimed; so are reviews'
     * candidates, so that a later record cannot take them while a person decides.
     */
    public Map<String, MatchOutcome> matchAll(List<RecordFacts> records) {
        Map<String, Candidates> found = new LinkedHashMap<>();
        Map<Long, Integer> wanted = new HashMap<>();
        for (RecordFacts r : records) {
            Candidates c = candidates(r);
            found.put(r.recordKey(), c);
            if (c.rule != null && c.rule != MatchRule.FUZZY_NAME && c.items.size() == 1) {
                wanted.merge(c.items.get(0), 1, Integer::sum);
            }
        }
        Map<String, MatchOutcome> outcomes = new LinkedHashMap<>();
        for (RecordFacts r : records) {
            MatchOutcome outcome = decide(r, found.get(r.recordKey()), wanted);
            outcomes.put(r.recordKey(), outcome);
            if (outcome instanceof MatchOutcome.Linked linked) {
                claim(linked.itemId(), r.recordKey());
            } else if (outcome instanceof MatchOutcome.Review review && review.itemIds().size() == 1) {
                claims.putIfAbsent(review.itemIds().get(0), r.recordKey());
            }
        }
        return outcomes;
    }

    private record Candidates(MatchRule rule, List<Long> items, double similarity) {
        static final Candidates NONE = new Candidates(null, List.of(), 0);
    }

    private Candidates candidates(RecordFacts record) {
        Optional<String> email = Normalizer.email(record.email());
        if (email.isPresent() && byEmail.containsKey(email.get())) {
            return new Candidates(MatchRule.EXACT_EMAIL, List.copyOf(byEmail.get(email.get())), 1.0);
        }
        Optional<String> phone = normalizer.phone(record.phone());
        if (phone.isPresent() && byPhone.containsKey(phone.get())) {
            return new Candidates(MatchRule.EXACT_PHONE, List.copyOf(byPhone.get(phone.get())), 1.0);
        }
        Optional<String> name = Normalizer.name(record.name());
        if (name.isEmpty()) {
            return Candidates.NONE;
        }
        Set<Long> sameName = byGroupAndName.get(groupKey(record.groupId(), name.get()));
        if (sameName != null && !sameName.isEmpty()) {
            return new Candidates(MatchRule.EXACT_NAME_IN_GROUP, List.copyOf(sameName), 1.0);
        }
        return fuzzy(name.get());
    }

    private Candidates fuzzy(String name) {
        int length = name.length();
        int shortest = (int) Math.ceil(length * NameSimilarity.FUZZY_THRESHOLD - 1e-9);
        int longest = (int) Math.floor(length / NameSimilarity.FUZZY_THRESHOLD + 1e-9);
        Map<Long, Double> similar = new HashMap<>();
        for (Set<Long> bucket : byNameLength.subMap(shortest, true, longest, true).values()) {
            for (long itemId : bucket) {
                double s = NameSimilarity.atLeast(name, normalisedNames.get(itemId), NameSimilarity.FUZZY_THRESHOLD);
                if (s >= 0) {
                    similar.put(itemId, s);
                }
            }
        }
        if (similar.isEmpty()) {
            return Candidates.NONE;
        }
        List<Long> best = new ArrayList<>(similar.keySet());
        best.sort(Comparator.<Long>comparingDouble(similar::get).reversed().thenComparing(Comparator.naturalOrder()));
        return new Candidates(MatchRule.FUZZY_NAME, best, similar.get(best.get(0)));
    }

    private MatchOutcome decide(RecordFacts record, Candidates c, Map<Long, Integer> wanted) {
        if (c.rule == null) {
            return new MatchOutcome.NoMatch();
        }
        if (c.rule == MatchRule.FUZZY_NAME) {
            return new MatchOutcome.Review(c.items, c.rule, c.similarity, String.format(
                    "the name is %.0f%% similar to %d item(s): a person must confirm", c.similarity * 100, c.items.size()));
        }
        List<Long> items = sorted(c.items);
        if (items.size() > 1) {
            return new MatchOutcome.Review(items, c.rule, 1.0, items.size() + " items match by "
                    + describe(c.rule) + ": a person must choose one");
        }
        long itemId = items.get(0);
        String claimedBy = claims.get(itemId);
        if (claimedBy == null) {
            claimedBy = linkedElsewhere.apply(itemId);
        }
        if (claimedBy != null && !claimedBy.equals(record.recordKey())) {
            return new MatchOutcome.Review(items, c.rule, 1.0, "item " + itemId + " matches by " + describe(c.rule)
                    + " but is already matched to record " + claimedBy + ": a person must choose");
        }
        if (wanted.getOrDefault(itemId, 0) > 1) {
            return new MatchOutcome.Review(items, c.rule, 1.0, wanted.get(itemId) + " records match item " + itemId
                    + " by " + describe(c.rule) + ": a person must choose");
        }
        return new MatchOutcome.Linked(itemId, c.rule);
    }

    private static List<Long> sorted(List<Long> ids) {
        List<Long> copy = new ArrayList<>(ids);
        copy.sort(Comparator.naturalOrder());
        return copy;
    }

    private static String describe(MatchRule rule) {
        return switch (rule) {
            case EXACT_EMAIL -> "email";
            case EXACT_PHONE -> "phone";
            case EXACT_NAME_IN_GROUP -> "name within the group";
            case FUZZY_NAME -> "similar name";
        };
    }

    private static String groupKey(String groupId, String name) {
        return (groupId == null ? "" : groupId) + "\u0000" + name;
    }

    private static void add(Map<String, Set<Long>> index, String key, long itemId) {
        index.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(itemId);
    }

    private static void drop(Map<String, Set<Long>> index, String key, long itemId) {
        Set<Long> ids = index.get(key);
        if (ids != null) {
            ids.remove(itemId);
            if (ids.isEmpty()) {
                index.remove(key);
            }
        }
    }
}
