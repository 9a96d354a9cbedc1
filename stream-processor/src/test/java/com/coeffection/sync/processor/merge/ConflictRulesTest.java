package com.coeffection.sync.processor.merge;

import com.coeffection.sync.processor.state.RecordState;
import com.coeffection.sync.processor.state.RecordStateSerde;
import com.coeffection.sync.schema.SyncDirection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.coeffection.sync.values.FieldValues.status;
import static com.coeffection.sync.values.FieldValues.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The conflict rules on one field, without Kafka: each rule's decision and what it does to the field's state. */
class ConflictRulesTest {
    static final long T1402 = 1_000_000L;
    static final long T1405 = 4_000_000L;

    static Edit coeffection(String value, long at) {
        return Edit.of(Side.COEFFECTION, text(value), at, "c@" + at + value, Origin.OTHERS);
    }

    static Edit monday(String value, long at) {
        return Edit.of(Side.MONDAY, text(value), at, "m@" + at + value, Origin.OTHERS);
    }

    @Test
    @DisplayName("Most recent wins; the older edit arriving later is stale")
    void mostRecentWinsAndLateOlderIsStale() {
        FieldState field = new FieldState();
        assertThat(ConflictRules.merge(SyncDirection.TWO_WAY, field, monday("CTO", T1405)))
                .isInstanceOf(FieldDecision.Accepted.class);

        FieldDecision late = ConflictRules.merge(SyncDirection.TWO_WAY, field, coeffection("VP", T1402));

        assertThat(late).isInstanceOfSatisfying(FieldDecision.Stale.class,
                s -> assertThat(s.rule()).isEqualTo(Rule.LATE_OLDER_CHANGE));
        assertThat(field.resolved().value()).isEqualTo(text("CTO"));
    }

    @Test
    @DisplayName("Equal times: Coeffection wins whichever arrives first")
    void tieGoesToCoeffectionInBothOrders() {
        FieldState first = new FieldState();
        ConflictRules.merge(SyncDirection.TWO_WAY, first, monday("m", T1402));
        FieldDecision decision = ConflictRules.merge(SyncDirection.TWO_WAY, first, coeffection("c", T1402));
        FieldState second = new FieldState();
        ConflictRules.merge(SyncDirection.TWO_WAY, second, coeffection("c", T1402));
        FieldDecision other = ConflictRules.merge(SyncDirection.TWO_WAY, second, monday("m", T1402));

        assertThat(decision.rule()).isEqualTo(Rule.TIE_COEFFECTION_WINS);
        assertThat(other).isInstanceOf(FieldDecision.Stale.class);
        assertThat(other.rule()).isEqualTo(Rule.TIE_COEFFECTION_WINS);
        assertThat(first.resolved()).isEqualTo(second.resolved());
        assertThat(first.resolved().side()).isEqualTo(Side.COEFFECTION);
    }

    @Test
    @DisplayName("Do not sync: the edit changes nothing at all")
    void doNotSyncLeavesTheStateAlone() {
        FieldState field = new FieldState();

        FieldDecision decision = ConflictRules.merge(SyncDirection.DO_NOT_SYNC, field, monday("x", T1405));

        assertThat(decision).isInstanceOf(FieldDecision.Locked.class);
        assertThat(field.resolved()).isNull();
        assertThat(field.monday()).isNull();
    }

    @Test
    @DisplayName("Explicit direction: the other side's newer edit is overridden and the source is written back")
    void explicitDirectionOverridesAndRestores() {
        FieldState field = new FieldState();
        ConflictRules.merge(SyncDirection.COEFFECTION_TO_MONDAY, field, coeffection("100", T1402));
        Reconciler.markSent(field, Side.MONDAY, Edit.ViewSlot.VALUE, text("100"), T1402 + 1);
        ConflictRules.confirm(field, Side.MONDAY, Edit.ViewSlot.VALUE, text("100"), T1402 + 2);

        FieldDecision decision = ConflictRules.merge(SyncDirection.COEFFECTION_TO_MONDAY, field, monday("999", T1405));

        assertThat(decision).isInstanceOfSatisfying(FieldDecision.Overridden.class,
                o -> assertThat(o.source()).isEqualTo(Side.COEFFECTION));
        assertThat(field.resolved().value()).isEqualTo(text("100"));
        assertThat(Reconciler.mustWrite(SyncDirection.COEFFECTION_TO_MONDAY, field, Side.MONDAY, Edit.ViewSlot.VALUE,
                Reconciler.Agreement.SAME)).isTrue();
        assertThat(Reconciler.mustWrite(SyncDirection.COEFFECTION_TO_MONDAY, field, Side.COEFFECTION,
                Edit.ViewSlot.VALUE, Reconciler.Agreement.SAME)).isFalse();
    }

    @Test
    @DisplayName("Echo: our own write coming back confirms it and is not an edit; a person's equal value is an edit")
    void echoesAreRecognisedByOriginNotJustByValue() {
        FieldState field = new FieldState();
        ConflictRules.merge(SyncDirection.TWO_WAY, field, coeffection("VP", T1402));
        Reconciler.markSent(field, Side.MONDAY, Edit.ViewSlot.VALUE, text("VP"), T1402 + 10);

        FieldDecision echo = ConflictRules.merge(SyncDirection.TWO_WAY, field,
                Edit.of(Side.MONDAY, text("VP"), T1402 + 20, "echo", Origin.OURS));
        FieldDecision person = ConflictRules.merge(SyncDirection.TWO_WAY, field,
                Edit.of(Side.MONDAY, text("VP"), T1405, "person", Origin.OTHERS));

        assertThat(echo).isInstanceOf(FieldDecision.Echo.class);
        assertThat(person).isInstanceOf(FieldDecision.Accepted.class);
        assertThat(field.resolved().side()).isEqualTo(Side.MONDAY);
        assertThat(field.monday().status()).isEqualTo(ViewStatus.CONFIRMED);
    }

    @Test
    @DisplayName("A person's edit made before our pending write was sent is overwritten by it; one made after is unknown")
    void pendingWritesKnowWhenTheyWereSent() {
        FieldState field = new FieldState();
        ConflictRules.merge(SyncDirection.TWO_WAY, field, coeffection("VP", T1405));
        Reconciler.markSent(field, Side.MONDAY, Edit.ViewSlot.VALUE, text("VP"), T1405 + 100);

        ConflictRules.merge(SyncDirection.TWO_WAY, field, monday("old", T1402));
        assertThat(field.monday().status()).isEqualTo(ViewStatus.PENDING);

        ConflictRules.merge(SyncDirection.TWO_WAY, field, monday("new", T1405 + 200));
        assertThat(field.monday().status()).isEqualTo(ViewStatus.UNKNOWN);
        assertThat(Reconciler.mustWrite(SyncDirection.TWO_WAY, field, Side.MONDAY, Edit.ViewSlot.VALUE,
                Reconciler.Agreement.SAME)).isTrue();
    }

    @Test
    @DisplayName("Collapsed label: keeps the stage before it when it is one of the label's stages, else its default")
    void collapsedLabelFoldsOverTheStageBeforeIt() {
        List<String> shared = List.of("Contacted", "Negotiating");
        Edit label = new Edit(Side.MONDAY, null, status("In progress"), Edit.ViewSlot.VALUE, T1405, "m1",
                Origin.OTHERS, shared, "Contacted");
        FieldState keeps = new FieldState();
        ConflictRules.merge(SyncDirection.TWO_WAY, keeps, Edit.of(Side.COEFFECTION, status("Negotiating"), T1402, "c1", Origin.OTHERS));
        FieldState defaults = new FieldState();
        ConflictRules.merge(SyncDirection.TWO_WAY, defaults, Edit.of(Side.COEFFECTION, status("New"), T1402, "c1", Origin.OTHERS));

        assertThat(ConflictRules.merge(SyncDirection.TWO_WAY, keeps, label).rule()).isEqualTo(Rule.STAGE_ALREADY_MAPPED);
        assertThat(ConflictRules.merge(SyncDirection.TWO_WAY, defaults, label).rule()).isEqualTo(Rule.STAGE_COLLAPSED_DEFAULT);
        assertThat(keeps.resolved().value()).isEqualTo(status("Negotiating"));
        assertThat(defaults.resolved().value()).isEqualTo(status("Contacted"));

        // a late Coeffection stage, older than the label but newer than the stage it was folded over, is what the
        // label then keeps: the result is the one a time-ordered arrival gives
        ConflictRules.merge(SyncDirection.TWO_WAY, defaults,
                Edit.of(Side.COEFFECTION, status("Negotiating"), T1402 + 1, "c2", Origin.OTHERS));
        assertThat(defaults.resolved().value()).isEqualTo(status("Negotiating"));
    }

    @Test
    @DisplayName("The record state survives the store serde unchanged")
    void recordStateRoundTripsThroughTheSerde() {
        RecordState state = new RecordState("acme", "Contact", "r1");
        state.link(100L, 5001L);
        state.awaitLinkInIndex(5001L);
        FieldState title = state.field("title");
        ConflictRules.merge(SyncDirection.TWO_WAY, title, coeffection("VP", T1402));
        Reconciler.markSent(title, Side.MONDAY, Edit.ViewSlot.VALUE, text("VP"), T1402 + 5);
        FieldState stage = state.field("stage");
        ConflictRules.merge(SyncDirection.TWO_WAY, stage, Edit.of(Side.COEFFECTION, status("New"), T1402, "c", Origin.OTHERS));
        ConflictRules.merge(SyncDirection.TWO_WAY, stage, new Edit(Side.MONDAY, null, status("In progress"),
                Edit.ViewSlot.VALUE, T1405, "m", Origin.OTHERS, List.of("A", "B"), "A"));
        RecordStateSerde serde = new RecordStateSerde();

        RecordState copy = serde.deserialize("t", serde.serialize("t", state));

        assertThat(copy.itemId()).isEqualTo(5001L);
        assertThat(copy.linkAwaitingIndex()).isEqualTo(5001L);
        assertThat(copy.field("title").resolved()).isEqualTo(title.resolved());
        assertThat(copy.field("title").monday()).isEqualTo(title.monday());
        assertThat(copy.field("title").sentToMonday()).isEqualTo(title.sentToMonday());
        assertThat(copy.field("stage").laterLabels()).isEqualTo(stage.laterLabels());
        assertThat(copy.field("stage").resolved()).isEqualTo(stage.resolved());
        assertThat(copy.field("stage").mondayLabel()).isEqualTo(stage.mondayLabel());
    }

    @Test
    @DisplayName("A write on top of a confirmed value keeps that value as the one confirmed before it, through the serde too; a second write keeps the first one's")
    void aPendingWriteRemembersWhatTheSideShowedBefore() {
        RecordState state = new RecordState("acme", "Contact", "r1");
        FieldState title = state.field("title");
        ConflictRules.merge(SyncDirection.TWO_WAY, title, coeffection("VP", T1402));
        assertThat(title.coeffection().status()).isEqualTo(ViewStatus.CONFIRMED);

        Reconciler.markSent(title, Side.COEFFECTION, Edit.ViewSlot.VALUE, text("CTO"), T1405);
        assertThat(title.coeffection().confirmedBefore()).isEqualTo(text("VP"));
        Reconciler.markSent(title, Side.COEFFECTION, Edit.ViewSlot.VALUE, text("CEO"), T1405 + 1);
        assertThat(title.coeffection().confirmedBefore()).isEqualTo(text("VP"));

        RecordStateSerde serde = new RecordStateSerde();
        RecordState copy = serde.deserialize("t", serde.serialize("t", state));
        assertThat(copy.field("title").coeffection()).isEqualTo(title.coeffection());
    }
}
