package com.coeffection.sync.processor.match;

import com.coeffection.sync.matching.NameSimilarity;
import com.coeffection.sync.matching.Normalizer;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.MondayClientConfig;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.ControlKind;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.Link;
import com.coeffection.sync.schema.LinkSource;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.SyncControl;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.values.FieldValues;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connecting an existing board of ~200 items on the monday stand-in: records are matched to its items before any
 * item is created (exact email, exact phone, exact name in the stage's group, fuzzy name for review), read with the
 * real client and monday's cursor paging; approving and rejecting a review; no duplicate item.
 */
@ExtendWith(RealInfraExtension.class)
class ExistingBoardMatchingTest {
    static MondayStandIn monday;
    static MondayClient client;
    static long board;
    static String groupA;
    static String groupB;
    static final Map<String, Long> ITEMS = new LinkedHashMap<>();

    MatchDriver sync;
    MondayBoardReader reader;

    @BeforeAll
    static void anExistingBoardWithTwoHundredItems() {
        monday = MondayStandIn.start(StandInConfig.defaults());
        client = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token())
                .withAssumedBudget(monday.config().budgetPerWindow()));
        board = client.execute(new Operations.CreateBoard("Contacts (existing)", "public", null, null, null)).id();
        client.execute(new Operations.CreateColumn(board, "Email", "email", "email", null, null));
        client.execute(new Operations.CreateColumn(board, "Phone", "phone", "phone", null, null));
        groupA = client.execute(new Operations.CreateGroup(board, "Leads", null)).id();
        groupB = client.execute(new Operations.CreateGroup(board, "Customers", null)).id();
        MondayStandIn.AsUser ana = monday.asUser(monday.config().users().get(0).id());
        // 60 items with an email (records write it in other case and with spaces)
        for (int i = 0; i < 60; i++) {
            item(ana, "Email Person " + i, groupA, email("person" + i + "@example.com"), null);
        }
        // 40 items with a blank email and a phone, in four countries
        String[] phones = {"+14155550", "+442079460", "+493012345", "+33142685"};
        String[] countries = {"US", "GB", "DE", "FR"};
        for (int i = 0; i < 40; i++) {
            String e164 = phones[i % 4] + String.format("%03d", 100 + i);
            item(ana, "Phone Person " + i, groupA, null, phone(e164, countries[i % 4]));
        }
        // 40 items with neither: matched by their name within the group
        for (int i = 0; i < 40; i++) {
            item(ana, "José Núñez " + word(i), i % 2 == 0 ? groupA : groupB, null, null);
        }
        item(ana, "Marta Kowalska", groupB, null, null);          // a record at 86% goes to review
        item(ana, "Bartholomew Jenkins", groupB, null, null);     // a record at 84% does not match
        item(ana, "Shared Inbox", groupA, email("shared@example.com"), null);   // two records want it
        item(ana, "Twin One", groupA, null, phone("+14155559999", "US"));      // two items share a phone
        item(ana, "Twin Two", groupB, null, phone("+14155559999", "US"));
        item(ana, "Already Linked", groupA, email("linked@example.com"), null);
        for (int i = 0; i < 54; i++) {                                         // items no record matches
            item(ana, "Unrelated Item " + word(i + 40), groupB, null, null);
        }
    }

    private static void item(MondayStandIn.AsUser who, String name, String group, String email, String phone) {
        Map<String, String> values = new LinkedHashMap<>();
        if (email != null) {
            values.put("email", email);
        }
        if (phone != null) {
            values.put("phone", phone);
        }
        ITEMS.put(name, who.createItem(board, name, group, values).id());
    }

    private static String email(String address) {
        return "{\"email\":\"" + address + "\",\"text\":\"" + address + "\"}";
    }

    private static String phone(String e164, String country) {
        return "{\"phone\":\"" + e164 + "\",\"countryShortName\":\"" + country + "\"}";
    }

    /** Distinct letter words, so that numbered names do not make near-duplicates of each other. */
    static String word(int i) {
        String[] syllables = {"ba", "ke", "ri", "mo", "tu", "la", "ve", "si", "po", "nu"};
        return syllables[i % 10] + syllables[(i / 10) % 10] + "x" + syllables[(i * 7) % 10] + "q" + (char) ('a' + i % 26)
                + (char) ('a' + (i / 26) % 26) + "zw" + syllables[(i * 3) % 10];
    }

    @AfterAll
    static void stop() {
        client.close();
        monday.close();
    }

    @BeforeEach
    void connectWithTheSharedClient(RealInfra infra) {
        reader = new MondayBoardReader(client);
        sync = new MatchDriver(infra.schemaRegistryUrl(), reader, 50);
        connect(infra);
    }

    void connect(RealInfra infra) {
        sync.mappings("""
                tenant: acme
                mappings:
                  - entity: Contact
                    board: { id: %d }
                    phoneRegion: US
                    fields:
                      - { field: fullName, type: text,  column: { id: name,  type: name } }
                      - { field: email,    type: email, column: { id: email, type: email } }
                      - { field: phone,    type: phone, column: { id: phone, type: phone } }
                    stages:
                      field: lifecycle
                      map:
                        - { stage: Lead,     group: %s }
                        - { stage: Customer, group: %s }
                """.formatted(board, groupA, groupB));
    }

    @AfterEach
    void close() {
        sync.close();
    }

    private static Map<String, FieldValue> contact(String name, String email, String phone, String stage) {
        Map<String, FieldValue> f = new LinkedHashMap<>();
        f.put("fullName", FieldValues.text(name));
        if (email != null) {
            f.put("email", FieldValues.email(email));
        }
        if (phone != null) {
            f.put("phone", FieldValues.phone(phone, null));
        }
        f.put("lifecycle", FieldValues.status(stage));
        return f;
    }

    /** Every record of the scenario, by record id. */
    private Map<String, String> backfillEveryRecord() {
        Map<String, String> eventIds = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            eventIds.put("e" + i, sync.record("e" + i, contact("Someone " + word(i), "  PERSON" + i + "@Example.COM ",
                    null, "Lead")));
        }
        String[] national = {"(415) 555-0%03d", "+44 20 7946 0%03d", "+49 30 12345%03d", "+33 1 42 68 5%03d"};
        for (int i = 0; i < 40; i++) {
            eventIds.put("p" + i, sync.record("p" + i, contact("Caller " + word(i), null,
                    String.format(national[i % 4], 100 + i), "Lead")));
        }
        for (int i = 0; i < 40; i++) {
            eventIds.put("n" + i, sync.record("n" + i, contact("JOSE NUNEZ " + word(i).toUpperCase(), null, null,
                    i % 2 == 0 ? "Lead" : "Customer")));
        }
        eventIds.put("fuzzy86", sync.record("fuzzy86", contact("Marto Kowalsky", null, null, "Lead")));
        eventIds.put("fuzzy84", sync.record("fuzzy84", contact("Bartholomaw Jankims", null, null, "Lead")));
        eventIds.put("shareA", sync.record("shareA", contact("Share A", "shared@example.com", null, "Lead")));
        eventIds.put("shareB", sync.record("shareB", contact("Share B", "Shared@Example.com", null, "Lead")));
        eventIds.put("twin", sync.record("twin", contact("Twin Caller", null, "+1 415 555 9999", "Lead")));
        eventIds.put("late", sync.record("late", contact("Late Comer", "linked@example.com", null, "Lead")));
        for (int i = 0; i < 5; i++) {
            eventIds.put("new" + i, sync.record("new" + i, contact("Brand New " + word(i + 100), null, null, "Lead")));
        }
        return eventIds;
    }

    private void indexTheBoard() {
        sync.tick(6); // 200 items, 50 a page: 4 pages, one per tick
        sync.collect();
    }

    private Map<String, Link> linksByRecord() {
        Map<String, Link> links = new LinkedHashMap<>();
        sync.allLinks.forEach(l -> links.put(l.getRecordId(), l));
        return links;
    }

    private Optional<SyncHistoryEntry> review(String recordId) {
        return sync.allHistory.stream().filter(e -> e.getStatus() == HistoryStatus.REVIEW
                && recordId.equals(e.getRecordId())).findFirst();
    }

    private List<MondayCommand> creations() {
        return sync.allCommands.stream().filter(c -> c.getAction() == MondayAction.CREATE_ITEM).toList();
    }

    @Test
    @DisplayName("Given a board of 200 items, when its records arrive, each is linked, sent to review or left to create its item, rule by rule")
    void recordsAreMatchedOneByOne() {
        assertThat(NameSimilarity.of(Normalizer.name("Marto Kowalsky").get(), Normalizer.name("Marta Kowalska").get()))
                .isBetween(0.855, 0.865);
        assertThat(NameSimilarity.of(Normalizer.name("Bartholomaw Jankims").get(),
                Normalizer.name("Bartholomew Jenkins").get())).isBetween(0.835, 0.845);
        sync.linked("someoneElse", board, ITEMS.get("Already Linked"));

        backfillEveryRecord();
        sync.collect();
        // while the board is read, nothing is created: every record waits
        assertThat(sync.allCommands).isEmpty();
        assertThat(sync.allHistory).allMatch(e -> e.getErrorMessage() != null
                && e.getErrorMessage().contains("waits for matching"));
        sync.clear();

        indexTheBoard();
        assertThat(reader.calls()).isEqualTo(4);
        Map<String, Link> links = linksByRecord();
        for (int i = 0; i < 60; i++) {
            assertThat(links.get("e" + i)).as("record e%d", i).extracting(Link::getItemId, Link::getSource)
                    .containsExactly(ITEMS.get("Email Person " + i), LinkSource.MATCH_EMAIL);
        }
        for (int i = 0; i < 40; i++) {
            assertThat(links.get("p" + i)).as("record p%d", i).extracting(Link::getItemId, Link::getSource)
                    .containsExactly(ITEMS.get("Phone Person " + i), LinkSource.MATCH_PHONE);
        }
        for (int i = 0; i < 40; i++) {
            assertThat(links.get("n" + i)).as("record n%d", i).extracting(Link::getItemId, Link::getSource)
                    .containsExactly(ITEMS.get("José Núñez " + word(i)), LinkSource.MATCH_NAME);
        }
        assertThat(links).hasSize(140);
        // the link's history entry names the rule
        assertThat(sync.allHistory).filteredOn(e -> "e0".equals(e.getRecordId()) && e.getStatus() == HistoryStatus.SUCCEEDED)
                .extracting(SyncHistoryEntry::getRule).containsExactly("match-exact-email");

        SyncHistoryEntry fuzzy = review("fuzzy86").orElseThrow();
        assertThat(fuzzy.getItemId()).isEqualTo(ITEMS.get("Marta Kowalska"));
        assertThat(fuzzy.getRule()).isEqualTo("match-fuzzy-name");
        assertThat(fuzzy.getFields()).filteredOn(d -> d.getField().equals("fullName"))
                .extracting(d -> FieldValues.display(d.getBefore()) + " | " + FieldValues.display(d.getAfter()))
                .containsExactly("Marta Kowalska | Marto Kowalsky");
        assertThat(fuzzy.getErrorMessage()).contains("86% similar");
        assertThat(review("fuzzy84")).isEmpty();

        SyncHistoryEntry a = review("shareA").orElseThrow();
        SyncHistoryEntry b = review("shareB").orElseThrow();
        assertThat(List.of(a.getItemId(), b.getItemId())).containsOnly(ITEMS.get("Shared Inbox"));
        assertThat(a.getErrorMessage()).contains("2 records match item");

        SyncHistoryEntry twin = review("twin").orElseThrow();
        assertThat(twin.getErrorMessage()).contains("2 items match by phone");

        SyncHistoryEntry late = review("late").orElseThrow();
        assertThat(late.getErrorMessage()).contains("already matched to record acme:Contact:someoneElse");

        // no match: these records (and only these) create their own item
        assertThat(creations()).extracting(MondayCommand::getRecordId)
                .containsExactlyInAnyOrder("fuzzy84", "new0", "new1", "new2", "new3", "new4");
        assertThat(sync.allHistory).filteredOn(e -> e.getStatus() == HistoryStatus.REVIEW).hasSize(5);
        // matched items get the record's values, on the existing item
        assertThat(sync.allCommands).filteredOn(c -> "e0".equals(c.getRecordId()))
                .extracting(MondayCommand::getItemId).containsOnly(ITEMS.get("Email Person 0"));
        assertThat(sync.metrics.registry().get("sync.match.decisions").tag("outcome", "linked")
                .tag("rule", "EXACT_EMAIL").counter().count()).isEqualTo(60);
        assertThat(sync.metrics.registry().get("sync.match.decisions").tag("outcome", "review").counters())
                .extracting(c -> c.getId().getTag("rule") + "=" + (long) c.count())
                .containsExactlyInAnyOrder("EXACT_EMAIL=3", "EXACT_PHONE=1", "FUZZY_NAME=1");
        assertThat(sync.metrics.registry().get("sync.match.decisions").tag("outcome", "unmatched").counter().count())
                .isEqualTo(6);
    }

    @Test
    @DisplayName("Given a fuzzy match under review, when a person approves it, the record links to that item and its values go there")
    void approvingAReviewLinks() {
        backfillEveryRecord();
        indexTheBoard();
        SyncHistoryEntry entry = review("fuzzy86").orElseThrow();
        sync.clear();

        sync.control(decision(entry, true));
        sync.collect();

        assertThat(sync.allLinks).singleElement().extracting(Link::getRecordId, Link::getItemId, Link::getSource)
                .containsExactly("fuzzy86", ITEMS.get("Marta Kowalska"), LinkSource.MATCH_FUZZY_APPROVED);
        assertThat(creations()).isEmpty();
        assertThat(sync.allCommands).isNotEmpty().allMatch(c -> c.getItemId() == ITEMS.get("Marta Kowalska").longValue());
        assertThat(sync.allHistory).filteredOn(e -> "match-approved".equals(e.getRule()))
                .allMatch(e -> entry.getEntryId().equals(e.getRelatedEntryId())).isNotEmpty();

        // a second press of the button changes nothing
        sync.clear();
        sync.control(decision(entry, true));
        sync.collect();
        assertThat(sync.allLinks).isEmpty();
        assertThat(sync.allCommands).isEmpty();
    }

    @Test
    @DisplayName("Given two records competing for one item, when one is approved and the other rejected, the first links and the second creates its own item")
    void rejectingAReviewCreates() {
        backfillEveryRecord();
        indexTheBoard();
        SyncHistoryEntry a = review("shareA").orElseThrow();
        SyncHistoryEntry b = review("shareB").orElseThrow();
        sync.clear();

        sync.control(decision(a, true));
        sync.control(decision(b, false));
        sync.collect();

        assertThat(sync.allLinks).singleElement().extracting(Link::getRecordId, Link::getItemId)
                .containsExactly("shareA", ITEMS.get("Shared Inbox"));
        assertThat(creations()).singleElement().extracting(MondayCommand::getRecordId).isEqualTo("shareB");
        assertThat(sync.allHistory).filteredOn(e -> "match-rejected".equals(e.getRule())).isNotEmpty();
    }

    @Test
    @DisplayName("Given two records competing for one item, when a person approves both, only the first is linked and the second keeps waiting")
    void aContestedItemIsNeverLinkedTwice() {
        backfillEveryRecord();
        indexTheBoard();
        SyncHistoryEntry a = review("shareA").orElseThrow();
        SyncHistoryEntry b = review("shareB").orElseThrow();
        sync.control(decision(a, true));
        sync.clear();

        sync.control(decision(b, true));
        sync.collect();

        assertThat(sync.allLinks).isEmpty();
        assertThat(creations()).isEmpty();
        assertThat(sync.allHistory).singleElement().extracting(SyncHistoryEntry::getErrorMessage).asString()
                .contains("already linked to record acme:Contact:shareA");
        // the person can still reject it: the record then gets its own item
        sync.clear();
        sync.control(decision(b, false));
        sync.collect();
        assertThat(creations()).singleElement().extracting(MondayCommand::getRecordId).isEqualTo("shareB");
    }

    @Test
    @DisplayName("Given a board that already holds the items of its records, when they are backfilled, no item is created")
    void backfillCreatesNoDuplicate() {
        for (int i = 0; i < 60; i++) {
            sync.record("e" + i, contact("Someone " + word(i), "person" + i + "@example.com", null, "Lead"));
        }
        for (int i = 0; i < 40; i++) {
            sync.record("n" + i, contact("José Núñez " + word(i), null, null, i % 2 == 0 ? "Lead" : "Customer"));
        }
        indexTheBoard();
        // and a second backfill of the same records
        for (int i = 0; i < 60; i++) {
            sync.record("e" + i, contact("Someone " + word(i), "person" + i + "@example.com", null, "Lead"));
        }
        sync.collect();

        assertThat(linksByRecord()).hasSize(100);
        assertThat(creations()).isEmpty();
    }

    @Test
    @DisplayName("Given an indexed board, when a person creates an item on monday, a record arriving later is matched to it")
    void itemsCreatedLaterAreMatched() {
        sync.record("e0", contact("Someone", "person0@example.com", null, "Lead"));
        indexTheBoard();
        sync.clear();

        sync.itemCreatedOnMonday(board, 990_001L, "Grace Hopper", groupA, Map.of("email", email("grace@example.com")));
        sync.record("grace", contact("Grace B. Hopper", "GRACE@example.com", null, "Lead"));
        sync.collect();

        assertThat(sync.allLinks).singleElement().extracting(Link::getRecordId, Link::getItemId, Link::getSource)
                .containsExactly("grace", 990_001L, LinkSource.MATCH_EMAIL);
        assertThat(creations()).isEmpty();
    }

    @Test
    @DisplayName("Given a record under review, when a person creates an item it matches exactly, the record links to that item and its review is decided")
    void aRecordUnderReviewLinksToAnExactItemCreatedLater() {
        backfillEveryRecord();
        indexTheBoard();
        SyncHistoryEntry entry = review("fuzzy86").orElseThrow();
        sync.clear();

        // a similar name alone links nothing
        sync.itemCreatedOnMonday(board, 990_010L, "Marto Kowalski", groupA, Map.of());
        sync.collect();
        assertThat(sync.allLinks).isEmpty();
        assertThat(sync.allControl).noneMatch(c -> c.getKind() == ControlKind.MATCH_LINK);

        sync.itemCreatedOnMonday(board, 990_011L, "Marto Kowalsky", groupA, Map.of());
        sync.collect();

        assertThat(sync.allLinks).singleElement().extracting(Link::getRecordId, Link::getItemId, Link::getSource)
                .containsExactly("fuzzy86", 990_011L, LinkSource.MATCH_NAME);
        assertThat(sync.allControl).filteredOn(c -> c.getKind() == ControlKind.MATCH_LINK).singleElement()
                .extracting(SyncControl::getEntryId, SyncControl::getRecordId)
                .containsExactly(entry.getEntryId(), "fuzzy86");
        assertThat(sync.allHistory).filteredOn(e -> "match-exact-name-in-group".equals(e.getRule()))
                .isNotEmpty().allMatch(e -> entry.getEntryId().equals(e.getRelatedEntryId()));
        assertThat(creations()).isEmpty();
        assertThat(sync.allCommands).isNotEmpty().allMatch(c -> c.getItemId() == 990_011L);

        // the old proposal is freed: a record arriving later with that exact name takes it
        sync.clear();
        sync.record("marta", contact("Marta Kowalska", null, null, "Customer"));
        sync.collect();
        assertThat(sync.allLinks).singleElement().extracting(Link::getRecordId, Link::getItemId)
                .containsExactly("marta", ITEMS.get("Marta Kowalska"));
        // and approving the old review changes nothing
        sync.clear();
        sync.control(decision(entry, true));
        sync.collect();
        assertThat(sync.allLinks).isEmpty();
        assertThat(sync.allHistory).singleElement().extracting(SyncHistoryEntry::getRule).isEqualTo("match-not-applied");
    }

    @Test
    @DisplayName("Given a record under review, when the integration's own user creates an item it matches, the record keeps waiting")
    void anItemOfTheIntegrationIsNotMatchedToARecordUnderReview() {
        backfillEveryRecord();
        indexTheBoard();
        sync.clear();

        sync.itemCreatedByTheIntegration(board, 990_020L, "Marto Kowalsky", groupA, Map.of());
        sync.collect();

        assertThat(sync.allLinks).isEmpty();
        assertThat(sync.allControl).noneMatch(c -> c.getKind() == ControlKind.MATCH_LINK);
        assertThat(creations()).isEmpty();
    }

    @Test
    @DisplayName("Given a page read that monday fails, when the next page is due, the reading resumes at that page and not from the first")
    void aFailedPageIsReadAgainFromItsCursor(RealInfra infra) {
        sync.close();
        try (MondayClient once = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token())
                .withAssumedBudget(monday.config().budgetPerWindow()).withMaxAttempts(1))) {
            reader = new MondayBoardReader(once);
            sync = new MatchDriver(infra.schemaRegistryUrl(), reader, 50);
            connect(infra);
            sync.record("e0", contact("Someone", "person0@example.com", null, "Lead"));
            sync.tick(1);
            monday.faults().serverErrors(1, 500);
            sync.tick(1);
            monday.faults().reset();
            sync.tick(5);
            sync.collect();

            assertThat(reader.calls()).isEqualTo(5); // 4 pages and the failed one; a restart would make it 6
            assertThat(sync.metrics.registry().get("sync.match.read.failures").counter().count()).isEqualTo(1);
            assertThat(sync.allLinks).singleElement().extracting(Link::getItemId).isEqualTo(ITEMS.get("Email Person 0"));
        }
    }

    private static SyncControl decision(SyncHistoryEntry entry, boolean approve) {
        return SyncControl.newBuilder().setRequestId("review:" + entry.getEntryId() + ":" + (approve ? "approve" : "reject"))
                .setTenantId(entry.getTenantId()).setEntityType(entry.getEntityType()).setRecordId(entry.getRecordId())
                .setKind(approve ? ControlKind.APPROVE_MATCH : ControlKind.REJECT_MATCH).setEntryId(entry.getEntryId())
                .setBoardId(entry.getBoardId()).setItemId(entry.getItemId()).setFields(List.of())
                .setRequestedBy(Actor.newBuilder().setKind(ActorKind.USER).setId("sam").setName("support (sam)").build())
                .setRequestedAt(Instant.parse("2026-12-01T10:00:00Z")).build();
    }
}
