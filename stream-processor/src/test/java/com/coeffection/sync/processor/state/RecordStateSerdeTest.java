package com.coeffection.sync.processor.state;

import com.coeffection.sync.processor.merge.ConflictRules;
import com.coeffection.sync.processor.merge.Edit;
import com.coeffection.sync.processor.merge.Origin;
import com.coeffection.sync.processor.merge.Reconciler;
import com.coeffection.sync.processor.merge.Side;
import com.coeffection.sync.processor.merge.ViewStatus;
import com.coeffection.sync.schema.SyncDirection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static com.coeffection.sync.values.FieldValues.text;
import static org.assertj.core.api.Assertions.assertThat;

class RecordStateSerdeTest {
    @Test
    @DisplayName("A state an older version wrote (format 3: no value kept before a pending write) is read by this one")
    void theFormerFormatIsStillRead() {
        RecordState state = new RecordState("acme", "Contact", "r1");
        state.link(100L, 5001L);
        ConflictRules.merge(SyncDirection.TWO_WAY, state.field("title"),
                Edit.of(Side.COEFFECTION, text("VP"), 1_000L, "c1", Origin.OTHERS));
        Reconciler.markSent(state.field("title"), Side.MONDAY, Edit.ViewSlot.VALUE, text("VP"), 2_000L);
        Reconciler.markSent(state.field("title"), Side.COEFFECTION, Edit.ViewSlot.VALUE, text("CTO"), 3_000L);
        RecordStateSerde serde = new RecordStateSerde();

        byte[] former = serde.serialize(state, (byte) 3);
        RecordState read = serde.deserialize("t", former);

        assertThat(former[0]).isEqualTo((byte) 3);
        assertThat(read.itemId()).isEqualTo(5001L);
        assertThat(read.field("title").resolved()).isEqualTo(state.field("title").resolved());
        assertThat(read.field("title").monday().status()).isEqualTo(ViewStatus.PENDING);
        assertThat(read.field("title").coeffection().value()).isEqualTo(text("CTO"));
        assertThat(read.field("title").coeffection().confirmedBefore()).as("format 3 did not keep it").isNull();
        // and this version's own format keeps it
        assertThat(serde.deserialize("t", serde.serialize("t", state)).field("title").coeffection().confirmedBefore())
                .isEqualTo(text("VP"));
    }
}
