package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews.ItemView;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.coeffection.sync.monday.sink.Commands.command;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.SinkHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each board's mapping names the column that holds the Coeffection ID; the commands carry it. The sink finds items
 * by that column and writes the record id into it on create; a command that names none uses the sink's default.
 */
@ExtendWith(RealInfraExtension.class)
class CoeffectionIdColumnTest {
    private static final String CUSTOM = "crm_record_id";

    @Test
    void givenTwoBoardsWithDifferentIdColumns_whenRecordsAreCreatedOnBoth_thenEachBoardsOwnColumnFindsAndCarriesTheRecordId(
            RealInfra infra) {
        try (SinkHarness h = new SinkHarness(infra, StandInConfig.defaults(), 1)) {
            long defaultBoard = h.board;
            long customBoard = h.createBoard("Deals", CUSTOM);
            // given the custom board already has an item for record d-found (created by hand, before the sync)
            long existing = h.monday.asUser(h.monday.config().users().get(0).id()).createItem(customBoard, "Found by hand",
                    null, Map.of(CUSTOM, "\"d-found\"")).id();

            // when records are created on both boards: the default board's commands name no column, the custom
            // board's name its own
            Instant t = Instant.now();
            h.send(command(TENANT, defaultBoard, "c-new", null, MondayAction.CREATE_ITEM, "Contact", null,
                    List.of(text("text", "default")), t));
            for (String record : List.of("d-new", "d-found")) {
                h.send(MondayCommand.newBuilder(command(TENANT, customBoard, record, null, MondayAction.CREATE_ITEM, record,
                        null, List.of(text("text", "custom")), t)).setCoeffectionIdColumnId(CUSTOM).build());
            }
            h.flush();
            try (MondaySinkWorker worker = new MondaySinkWorker(h.config(Duration.ofMillis(50)))) {
                worker.start();

                // then each board's own column carries the record id, and the item made by hand was found, not duplicated
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    Map<String, List<ItemView>> custom = h.itemsByRecord(customBoard, CUSTOM);
                    assertThat(custom.get("d-new")).hasSize(1);
                    assertThat(custom.get("d-found")).extracting(ItemView::id).containsExactly(existing);
                    assertThat(SinkHarness.text(custom.get("d-found").get(0), "text")).isEqualTo("custom");
                    assertThat(h.monday.items(customBoard)).hasSize(2);
                    Map<String, List<ItemView>> byDefault = h.itemsByRecord(defaultBoard, MondaySinkConfig.DEFAULT_COEFFECTION_ID_COLUMN);
                    assertThat(byDefault.get("c-new")).hasSize(1);
                    assertThat(SinkHarness.text(byDefault.get("c-new").get(0), "text")).isEqualTo("default");
                });
            }
            assertThat(h.deadLetterRecords(0, Duration.ofSeconds(1))).isEmpty();
        }
    }
}
