package com.coeffection.sync.monday.users;

import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.monday.columns.ColumnValueConversionException;
import com.coeffection.sync.monday.graphql.Model.MondayUser;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.PeopleValue;
import com.coeffection.sync.schema.PersonValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps people between Coeffection (identified by email) and monday (identified by user id), with monday's
 * {@code users} query, cached for {@code ttl} (misses too, so an unknown email does not cost a query per write).
 *
 * <p>"Map a person by email to a monday user; if none matches, fall back to a text/email column, as monday's own
 * apps do": {@link #columnValues} writes the resolved people to the people column and the emails of those without
 * a monday user to the fallback column.
 */
public final class MondayUserDirectory {
    private final MondayClient client;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> byEmail = new ConcurrentHashMap<>();
    private final Map<Long, Cached> byId = new ConcurrentHashMap<>();

    private record Cached(MondayUser user, Instant until) {
    }

    public MondayUserDirectory(MondayClient client, Duration ttl, Clock clock) {
        this.client = client;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The monday user with this email, if the account has one. */
    public Optional<MondayUser> byEmail(String email) {
        return Optional.ofNullable(byEmails(List.of(email)).get(normalise(email)));
    }

    /** Whether every one of these emails is cached (found or not), so that {@link #byEmails} would not ask monday. */
    public boolean knowsEmails(Collection<String> emails) {
        Instant now = clock.instant();
        for (String email : emails) {
            Cached c = byEmail.get(normalise(email));
            if (c == null || !c.until().isAfter(now)) {
                return false;
            }
        }
        return true;
    }

    /** The monday users for these emails (keys lower-cased), asking monday once for all that are not cached. */
    public Map<String, MondayUser> byEmails(Collection<String> emails) {
        Instant now = clock.instant();
        Set<String> missing = new LinkedHashSet<>();
        Map<String, MondayUser> found = new LinkedHashMap<>();
        for (String email : emails) {
            String key = normalise(email);
            Cached c = byEmail.get(key);
            if (c != null && c.until().isAfter(now)) {
                if (c.user() != null) {
                    found.put(key, c.user());
                }
            } else {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            List<MondayUser> users = client.execute(new Operations.UsersByEmail(List.copyOf(missing)));
            Instant until = now.plus(ttl);
            for (MondayUser u : users) {
                String key = normalise(u.email());
                byEmail.put(key, new Cached(u, until));
                byId.put(u.id(), new Cached(u, until));
                if (missing.remove(key)) {
                    found.put(key, u);
                }
            }
            missing.forEach(key -> byEmail.put(key, new Cached(null, until)));
        }
        return found;
    }

    /**
     * The monday users with these ids (those that exist), asking monday once ({@code users(ids:)}) for all that are
     * not cached; misses are cached too.
     */
    public Map<Long, MondayUser> byIds(Collection<Long> ids) {
        Instant now = clock.instant();
        Map<Long, MondayUser> found = new LinkedHashMap<>();
        Set<Long> missing = new LinkedHashSet<>();
        for (Long id : ids) {
            Cached c = byId.get(id);
            if (c != null && c.until().isAfter(now)) {
                if (c.user() != null) {
                    found.put(id, c.user());
                }
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            Instant until = now.plus(ttl);
            for (MondayUser u : client.execute(new Operations.UsersById(List.copyOf(missing)))) {
                byId.put(u.id(), new Cached(u, until));
                byEmail.put(normalise(u.email()), new Cached(u, until));
                if (missing.remove(u.id())) {
                    found.put(u.id(), u);
                }
            }
            missing.forEach(id -> byId.put(id, new Cached(null, until)));
        }
        return found;
    }

    /** The monday user with this id, if it exists. */
    public Optional<MondayUser> byId(long id) {
        Cached c = byId.get(id);
        if (c != null && c.until().isAfter(clock.instant())) {
            return Optional.ofNullable(c.user());
        }
        List<MondayUser> users = client.execute(new Operations.UsersById(List.of(id)));
        MondayUser user = users.isEmpty() ? null : users.get(0);
        byId.put(id, new Cached(user, clock.instant().plus(ttl)));
        if (user != null) {
            byEmail.put(normalise(user.email()), new Cached(user, clock.instant().plus(ttl)));
        }
        return Optional.ofNullable(user);
    }

    /**
     * A person or people value read from monday (user ids only) with each person's email and name filled in, so the
     * Coeffection side can identify them.
     */
    public FieldValue withEmails(FieldValue value) {
        if (value == null) {
            return null;
        }
        if (value.getValue() instanceof PersonValue p) {
            return new FieldValue(fill(p));
        }
        if (value.getValue() instanceof PeopleValue people) {
            return new FieldValue(new PeopleValue(people.getPeople().stream().map(this::fill).toList()));
        }
        return value;
    }

    private PersonValue fill(PersonValue p) {
        if (p.getMondayUserId() == null || Boolean.TRUE.equals(p.getTeam()) || p.getEmail() != null) {
            return p;
        }
        return byId(p.getMondayUserId()).map(u -> new PersonValue(u.email(), u.name(), u.id(), false)).orElse(p);
    }

    /** A people value split into those who are monday users (ids set) and the emails of those who are not. */
    public record Resolution(List<PersonValue> resolved, List<String> unresolvedEmails) {
    }

    /** Resolves each person's monday user id by email (people who already carry an id are kept). */
    public Resolution resolve(FieldValue value) {
        List<PersonValue> people = new ArrayList<>();
        if (value != null && value.getValue() instanceof PersonValue p) {
            people.add(p);
        } else if (value != null && value.getValue() instanceof PeopleValue pv) {
            people.addAll(pv.getPeople());
        } else if (value != null) {
            throw new IllegalArgumentException("not a person or people value: " + value);
        }
        List<String> toLookUp = people.stream().filter(p -> p.getMondayUserId() == null && p.getEmail() != null)
                .map(PersonValue::getEmail).toList();
        Map<String, MondayUser> users = toLookUp.isEmpty() ? Map.of() : byEmails(toLookUp);
        List<PersonValue> resolved = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        for (PersonValue p : people) {
            if (p.getMondayUserId() != null) {
                resolved.add(p);
            } else if (p.getEmail() != null && users.containsKey(normalise(p.getEmail()))) {
                resolved.add(new PersonValue(p.getEmail(), p.getName(), users.get(normalise(p.getEmail())).id(), p.getTeam()));
            } else if (p.getEmail() != null) {
                unresolved.add(p.getEmail());
            }
        }
        return new Resolution(List.copyOf(resolved), List.copyOf(unresolved));
    }

    /** Where the emails of people without a monday user go: a text or email column of the board. */
    public record FallbackColumn(String columnId, ColumnType type) {
        public FallbackColumn {
            if (type != ColumnType.TEXT && type != ColumnType.EMAIL && type != ColumnType.LONG_TEXT) {
                throw new IllegalArgumentException("a people fallback column must be text, long text or email, not " + type);
            }
        }
    }

    /**
     * The {@code column_values} entries that write a person or people value: the monday users to the people column,
     * and the emails of people without a monday user to the fallback column (cleared when everyone resolved).
     *
     * @throws ColumnValueConversionException when someone has no monday user and there is no fallback column
     */
    public Map<String, String> columnValues(String peopleColumnId, FieldValue value, Optional<FallbackColumn> fallback) {
        ColumnCodecs codecs = ColumnCodecs.standard();
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            out.put(peopleColumnId, "null");
            fallback.ifPresent(f -> out.put(f.columnId(), "null"));
            return out;
        }
        Resolution r = resolve(value);
        if (!r.unresolvedEmails().isEmpty() && fallback.isEmpty()) {
            throw new ColumnValueConversionException(ColumnType.PEOPLE, peopleColumnId, "no monday user has the email "
                    + String.join(", ", r.unresolvedEmails()) + " and the mapping has no text/email fallback column");
        }
        FieldValue people = r.resolved().isEmpty() ? null : r.resolved().size() == 1 ? new FieldValue(r.resolved().get(0))
                : new FieldValue(new PeopleValue(r.resolved()));
        out.put(peopleColumnId, codecs.toMonday(ColumnType.PEOPLE, peopleColumnId, people));
        fallback.ifPresent(f -> {
            if (r.unresolvedEmails().isEmpty()) {
                out.put(f.columnId(), "null");
            } else if (f.type() == ColumnType.EMAIL) {
                out.put(f.columnId(), codecs.toMonday(f.type(), f.columnId(),
                        com.coeffection.sync.values.FieldValues.email(r.unresolvedEmails().get(0))));
            } else {
                out.put(f.columnId(), codecs.toMonday(f.type(), f.columnId(),
                        com.coeffection.sync.values.FieldValues.text(String.join(", ", r.unresolvedEmails()))));
            }
        });
        return out;
    }

    private static String normalise(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }
}
