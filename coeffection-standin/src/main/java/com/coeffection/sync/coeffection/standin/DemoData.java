package com.coeffection.sync.coeffection.standin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

/**
 * The demo data set the stand-in serves on a fresh start: contacts, leads and opportunities with realistic values of
 * every type the demo board mappings map (names, emails, phones of several countries, job titles, owners who are
 * users of the monday stand-in, amounts, dates, links, notes, pipeline stages), created and last updated at times
 * spread over the past 90 days. The same seed always gives the same records.
 */
public final class DemoData {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> FIRST = List.of("Sarah", "John", "Amelie", "Kenji", "Priya", "Lukas", "Maria",
            "Omar", "Chloe", "Mateo", "Ingrid", "Wei", "Fatima", "Noah", "Zoe", "Rafael", "Hana", "Elif", "Tomas", "Aisha");
    private static final List<String> LAST = List.of("Chen", "Doe", "Dubois", "Tanaka", "Patel", "Müller", "García",
            "Haddad", "Martin", "López", "Larsen", "Zhang", "Khan", "Smith", "Novak", "Costa", "Kim", "Yılmaz", "Berg", "Okafor");
    private static final List<String> COMPANIES = List.of("Globex", "Initech", "Umbrella", "Hooli", "Stark Industries",
            "Wayne Enterprises", "Acme", "Soylent", "Vandelay", "Wonka", "Cyberdyne", "Tyrell");
    private static final List<String> TITLES = List.of("Head of Sales", "CTO", "Procurement Manager", "Office Manager",
            "VP Marketing", "Founder", "Operations Lead", "Account Executive");
    private static final List<String> PHONES = List.of("+1415555%04d", "+4420794%05d", "+4930123%05d", "+3314567%04d",
            "+8190123%05d", "+6129876%04d");
    private static final List<String[]> OWNERS = List.of(new String[]{"ana@customer.example", "Ana Admin"},
            new String[]{"ben@customer.example", "Ben Seller"});
    private static final List<String> CONTACT_STAGES = List.of("Lead", "Prospect", "Customer");
    private static final List<String> LEAD_STAGES = List.of("New", "Contacted", "Qualified", "Unqualified");
    private static final List<String> DEAL_STAGES = List.of("Prospecting", "Negotiation", "Closed Won", "Closed Lost");

    /** How many records of each kind. */
    public record Size(int contacts, int leads, int opportunities) {
        public static final Size DEFAULT = new Size(150, 100, 80);
    }

    private DemoData() {
    }

    /** Loads the demo records for {@code tenantId} into {@code store}, dated before {@code now}. */
    public static void load(RecordStore store, String tenantId, Size size, Instant now, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < size.contacts(); i++) {
            store.create(tenantId, "Contact", contact(random, i, now), RecordStore.Actor.API, true);
        }
        for (int i = 0; i < size.leads(); i++) {
            store.create(tenantId, "Lead", lead(random, i, now), RecordStore.Actor.API, true);
        }
        for (int i = 0; i < size.opportunities(); i++) {
            store.create(tenantId, "Opportunity", opportunity(random, i, now), RecordStore.Actor.API, true);
        }
    }

    static ObjectNode contact(Random random, int i, Instant now) {
        String first = pick(random, FIRST);
        String last = pick(random, LAST);
        String company = pick(random, COMPANIES);
        ObjectNode r = dated(random, "cnt_DEMO" + String.format("%05d", i), now);
        r.put("fullName", first + " " + last);
        r.put("email", email(first, last, i, company));
        r.put("phone", String.format(pick(random, PHONES), random.nextInt(10_000)));
        r.put("title", pick(random, TITLES));
        r.set("owner", owner(random));
        r.put("status", pick(random, CONTACT_STAGES));
        return r;
    }

    static ObjectNode lead(Random random, int i, Instant now) {
        String first = pick(random, FIRST);
        String last = pick(random, LAST);
        String company = pick(random, COMPANIES);
        ObjectNode r = dated(random, "led_DEMO" + String.format("%05d", i), now);
        r.put("fullName", first + " " + last);
        r.put("email", email(first, last, i, company));
        r.put("company", company);
        r.put("estimatedValue", BigDecimal.valueOf(500 + random.nextInt(50_000), 0).setScale(2));
        r.put("followUp", LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(random.nextInt(60)).toString());
        r.put("status", pick(random, LEAD_STAGES));
        return r;
    }

    static ObjectNode opportunity(Random random, int i, Instant now) {
        String company = pick(random, COMPANIES);
        ObjectNode r = dated(random, "opp_DEMO" + String.format("%05d", i), now);
        r.put("name", company + " — " + pick(random, List.of("renewal", "expansion", "pilot", "new licences", "services")));
        r.put("amount", new BigDecimal(1_000 + random.nextInt(250_000) + "." + String.format("%02d", random.nextInt(100))));
        r.put("closeDate", LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(random.nextInt(120) - 30).toString());
        r.put("website", "https://www." + company.toLowerCase().replaceAll("[^a-z]", "") + ".example");
        r.put("internalNotes", "Budget owner: " + pick(random, FIRST) + ". Do not share outside the deal team.");
        r.put("stage", pick(random, DEAL_STAGES));
        return r;
    }

    private static ObjectNode dated(Random random, String id, Instant now) {
        ObjectNode r = JSON.objectNode();
        Instant created = now.minus(Duration.ofMinutes(60L * 24 * 30 + random.nextInt(60 * 24 * 60)));
        Instant updated = created.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 29)));
        r.put("id", id);
        r.put("createdAt", created.toString());
        r.put("updatedAt", updated.toString());
        return r;
    }

    private static String email(String first, String last, int i, String company) {
        String local = (first + "." + last).toLowerCase()
                .replace("ü", "ue").replace("í", "i").replace("ó", "o").replace("ı", "i").replaceAll("[^a-z.]", "");
        return local + i + "@" + company.toLowerCase().replaceAll("[^a-z]", "") + ".example";
    }

    private static ObjectNode owner(Random random) {
        String[] o = OWNERS.get(random.nextInt(OWNERS.size()));
        ObjectNode owner = JSON.objectNode();
        owner.put("email", o[0]);
        owner.put("name", o[1]);
        return owner;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
