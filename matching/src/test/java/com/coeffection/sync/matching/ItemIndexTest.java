package com.coeffection.sync.matching;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Matching records to a board of about 200 existing items: blank emails, phones in several formats and countries,
 * names that differ by case and accents, near-duplicates at 84% and 86%, and records competing for one item.
 */
class ItemIndexTest {
    private static final String LEADS = "group_lead";
    private static final String CUSTOMERS = "group_customer";
    private ItemIndex index;

    @BeforeEach
    void board() {
        index = new ItemIndex(new Normalizer("US"));
        // 1..60: people with an email
        for (int i = 1; i <= 60; i++) {
            index.put(new ItemFacts(i, "Email Person " + i, LEADS, "person" + i + "@corp.example", null));
        }
        // 61..100: blank email, phones written in several national and international formats
        List<String> phones = List.of("(415) 555-01%02d", "+1 212 555 01%02d", "+44 20 7946 09%02d", "+49 30 12345%02d",
                "+33 1 44 55 66 %02d");
        for (int i = 61; i <= 100; i++) {
            index.put(new ItemFacts(i, "Phone Person " + i, CUSTOMERS, i % 2 == 0 ? "" : null,
                    String.format(phones.get(i % phones.size()), i % 100)));
        }
        // 101..190: only a name, in one of two groups
        for (int i = 101; i <= 190; i++) {
            index.put(new ItemFacts(i, "Named Person " + i, i % 2 == 0 ? LEADS : CUSTOMERS, null, null));
        }
        index.put(new ItemFacts(191, "Jose Muller", LEADS, null, null));
        index.put(new ItemFacts(192, "Theodoros Papadopoulou", LEADS, null, null));
        index.put(new ItemFacts(193, "Serafina Blackwoode", LEADS, null, null));
        index.put(new ItemFacts(194, "Shared Phone A", CUSTOMERS, null, "+1 (646) 555-0199"));
        index.put(new ItemFacts(195, "Shared Phone B", CUSTOMERS, null, "646.555.0199"));
        index.put(new ItemFacts(196, "Unreadable Phone", CUSTOMERS, null, "12345"));
        index.put(new ItemFacts(197, "Contested Item", LEADS, "contested@corp.example", null));
        index.put(new ItemFacts(198, "Same Name Elsewhere", CUSTOMERS, null, null));
        index.put(new ItemFacts(199, "Taken Item", LEADS, "taken@corp.example", null));
        index.put(new ItemFacts(200, "Another Email", LEADS, "another@corp.example", null));
        assertThat(index.size()).isEqualTo(200);
    }

    @Test
    void anEmailMatchesWhateverItsCaseOrSurroundingSpace() {
        assertThat(index.match(record("r1", "Somebody Else", "  PERSON7@Corp.Example ", null, CUSTOMERS)))
                .isEqualTo(new MatchOutcome.Linked(7, MatchRule.EXACT_EMAIL));
    }

    @Test
    void aRecordWithABlankEmailMatchesByPhoneWrittenAnotherWay() {
        // item 65 holds "(415) 555-0165": the record has it as E.164
        assertThat(index.match(record("r2", "Other Name", "", "+14155550165", LEADS)))
                .isEqualTo(new MatchOutcome.Linked(65, MatchRule.EXACT_PHONE));
        // item 62 holds "+44 20 7946 0962"
        assertThat(index.match(record("r3", null, null, "+44 (0)20 7946 0962", null)))
                .isEqualTo(new MatchOutcome.Linked(62, MatchRule.EXACT_PHONE));
    }

    @Test
    void anEmailOutranksAPhoneAndAPhoneOutranksAName() {
        assertThat(index.match(record("r4", "Phone Person 70", "person3@corp.example", "+1 415 555 0170", CUSTOMERS)))
                .isEqualTo(new MatchOutcome.Linked(3, MatchRule.EXACT_EMAIL));
        assertThat(index.match(record("r5", "Named Person 101", null, "+1 415 555 0170", CUSTOMERS)))
                .isEqualTo(new MatchOutcome.Linked(70, MatchRule.EXACT_PHONE));
    }

    @Test
    void aNameMatchesExactlyOnlyWithinTheGroupOfTheRecordsStageWhateverItsCaseAndAccents() {
        assertThat(index.match(record("r6", "  JOSÉ   MÜLLER", null, null, LEADS)))
                .isEqualTo(new MatchOutcome.Linked(191, MatchRule.EXACT_NAME_IN_GROUP));
        MatchOutcome otherGroup = index.match(record("r7", "Same Name Elsewhere", null, null, LEADS));
        assertThat(otherGroup).isInstanceOf(MatchOutcome.Review.class);
        assertThat(((MatchOutcome.Review) otherGroup).rule()).isEqualTo(MatchRule.FUZZY_NAME);
        assertThat(((MatchOutcome.Review) otherGroup).itemIds()).containsExactly(198L);
    }

    @Test
    void aNameEightySixPercentSimilarGoesToReviewAndOneEightyFourPercentSimilarMatchesNothing() {
        MatchOutcome at86 = index.match(record("r8", "Theodora Papadopoulos", null, null, CUSTOMERS));
        MatchOutcome at84 = index.match(record("r9", "Seraphina Blackwood", null, null, CUSTOMERS));

        assertThat(at86).isInstanceOf(MatchOutcome.Review.class);
        MatchOutcome.Review review = (MatchOutcome.Review) at86;
        assertThat(review.itemIds()).containsExactly(192L);
        assertThat(review.similarity()).isBetween(0.86, 0.87);
        assertThat(review.reason()).contains("86%");
        assertThat(at84).isEqualTo(new MatchOutcome.NoMatch());
    }

    @Test
    void oneRecordMatchingTwoItemsAtTheSameRankGoesToReview() {
        MatchOutcome outcome = index.match(record("r10", "Nobody", null, "(646) 555-0199", CUSTOMERS));

        assertThat(outcome).isInstanceOf(MatchOutcome.Review.class);
        assertThat(((MatchOutcome.Review) outcome).itemIds()).containsExactly(194L, 195L);
        assertThat(((MatchOutcome.Review) outcome).rule()).isEqualTo(MatchRule.EXACT_PHONE);
    }

    @Test
    void aNumberThatCannotBeReadNeverMatches() {
        assertThat(index.match(record("r11", "Zzz", null, "12345", CUSTOMERS))).isEqualTo(new MatchOutcome.NoMatch());
    }

    @Test
    void twoRecordsMatchingOneItemBothGoToReviewAndTheOthersAreLinked() {
        Map<String, MatchOutcome> outcomes = index.matchAll(List.of(
                record("a", "First Claimant", "contested@corp.example", null, LEADS),
                record("b", "Second Claimant", "CONTESTED@corp.example", null, LEADS),
                record("c", "Named Person 104", null, null, LEADS),
                record("d", "Unknown Person Entirely", null, null, LEADS)));

        assertThat(outcomes.get("a")).isInstanceOf(MatchOutcome.Review.class);
        assertThat(outcomes.get("b")).isInstanceOf(MatchOutcome.Review.class);
        assertThat(((MatchOutcome.Review) outcomes.get("a")).reason()).contains("2 records match item 197");
        assertThat(outcomes.get("c")).isEqualTo(new MatchOutcome.Linked(104, MatchRule.EXACT_NAME_IN_GROUP));
        assertThat(outcomes.get("d")).isEqualTo(new MatchOutcome.NoMatch());
        assertThat(index.claimOf(104)).contains("c");
    }

    @Test
    void anItemAlreadyLinkedToAnotherRecordIsNeverLinkedAgain() {
        index.claim(199, "acme:Contact:owner");

        MatchOutcome outcome = index.match(record("r12", "Someone", "taken@corp.example", null, LEADS));

        assertThat(outcome).isInstanceOf(MatchOutcome.Review.class);
        assertThat(((MatchOutcome.Review) outcome).reason()).contains("already matched to record acme:Contact:owner");
        assertThat(index.match(record("acme:Contact:owner", "Someone", "taken@corp.example", null, LEADS)))
                .isEqualTo(new MatchOutcome.Linked(199, MatchRule.EXACT_EMAIL));
    }

    @Test
    void theIndexFollowsItemsThatChangeAndItemsThatGo() {
        index.put(new ItemFacts(200, "Another Email", LEADS, "renamed@corp.example", null));
        index.remove(7);

        assertThat(index.match(record("r13", "x", "another@corp.example", null, LEADS))).isEqualTo(new MatchOutcome.NoMatch());
        assertThat(index.match(record("r14", "x", "renamed@corp.example", null, LEADS)))
                .isEqualTo(new MatchOutcome.Linked(200, MatchRule.EXACT_EMAIL));
        assertThat(index.match(record("r15", "x", "person7@corp.example", null, LEADS))).isEqualTo(new MatchOutcome.NoMatch());
        assertThat(index.size()).isEqualTo(199);
    }

    private static RecordFacts record(String key, String name, String email, String phone, String group) {
        return new RecordFacts(key, name, email, phone, group);
    }
}
