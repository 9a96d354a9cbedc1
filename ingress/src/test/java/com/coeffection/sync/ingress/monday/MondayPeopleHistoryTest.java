package com.coeffection.sync.ingress.monday;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.ingress.IngressMetrics;
import com.coeffection.sync.ingress.delivery.DeadLetterKeeper;
import com.coeffection.sync.ingress.delivery.DurableWriter;
import com.coeffection.sync.ingress.delivery.RecentDeliveries;
import com.coeffection.sync.ingress.http.RefusalLog;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.tokens.TokenProvider;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person chosen on monday whose user id monday cannot name: the event still reaches the item-events topic with
 * the id, and the history shows an entry naming the monday user, the column, the item and the board.
 */
@ExtendWith(RealInfraExtension.class)
class MondayPeopleHistoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void givenAnOwnerMondayHasNoUserFor_whenTheWebhookArrives_thenTheEventGoesOnAndTheHistoryNamesTheUnknownUser(
            RealInfra infra) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String itemEvents = "monday.item-events-" + suffix;
        String history = "sync.history-events-" + suffix;
        String deadLetters = "sync.dlq-" + suffix;
        infra.createTopic(itemEvents, 1, false);
        infra.createTopic(history, 1, false);
        infra.createTopic(deadLetters, 1, false);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SchemaRegistryClient registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
        try (MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults());
             MondayPeopleResolver people = new MondayPeopleResolver(monday.apiUrl(), TokenProvider.fixed(monday.token()),
                     Duration.ofSeconds(2), Duration.ofMinutes(10), meters);
             DurableWriter writer = new DurableWriter(infra.bootstrapServers(), registry, Duration.ofSeconds(10), meters)) {
            RecentDeliveries recent = new RecentDeliveries(Duration.ofMinutes(5), 1000);
            MondayWebhookRoute route = new MondayWebhookRoute(Optional.empty(), writer, recent,
                    new DeadLetterKeeper(writer, recent, deadLetters, new IngressMetrics(meters)), itemEvents,
                    new RefusalLog(meters), people, history);
            String trigger = UUID.randomUUID().toString();

            // when monday reports that the owner of item 7001 on board 5001 became user 42, whom it does not know
            route.handle("acme", ownerChanged(trigger, 5001L, 7001L, 42L).getBytes(StandardCharsets.UTF_8), null)
                    .get(20, TimeUnit.SECONDS);

            // then the event is written with the id kept
            List<MondayItemEvent> events = infra.readAll(itemEvents, 1, Duration.ofSeconds(10)).stream()
                    .map(r -> new AvroDeserializer<>(registry, MondayItemEvent.class).deserialize(r.topic(), r.value())).toList();
            assertThat(events).singleElement().satisfies(e -> assertThat(e.getValue()).contains("\"id\":42")
                    .contains("email unknown"));
            // and the history has an entry saying who could not be named, where, and that the value went on
            List<SyncHistoryEntry> entries = infra.readAll(history, 1, Duration.ofSeconds(10)).stream()
                    .map(r -> new AvroDeserializer<>(registry, SyncHistoryEntry.class).deserialize(r.topic(), r.value())).toList();
            assertThat(entries).singleElement().satisfies(entry -> {
                assertThat(entry.getEntryId()).isEqualTo("mp:" + trigger);
                assertThat(entry.getRelatedEntryId()).isEqualTo("mi:" + trigger);
                assertThat(entry.getDirection()).isEqualTo(SyncDirection.MONDAY_TO_COEFFECTION);
                assertThat(entry.getStatus()).isEqualTo(HistoryStatus.FAILED);
                assertThat(entry.getErrorCode()).isEqualTo(ErrorType.UNKNOWN_PERSON.name());
                assertThat(entry.getTenantId()).isEqualTo("acme");
                assertThat(entry.getBoardId()).isEqualTo(5001L);
                assertThat(entry.getItemId()).isEqualTo(7001L);
                assertThat(entry.getFields()).singleElement().satisfies(f -> {
                    assertThat(f.getColumnId()).isEqualTo("person");
                    assertThat(f.getStatus()).isEqualTo(HistoryStatus.FAILED);
                });
                assertThat(entry.getErrorMessage()).contains("monday user 42").contains("column 'person'")
                        .contains("item 7001").contains("board 5001").contains("monday user id only");
            });
        }
    }

    @Test
    void givenAnOwnerMondayKnows_whenTheWebhookArrives_thenNoHistoryEntryIsWritten(RealInfra infra) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String itemEvents = "monday.item-events-" + suffix;
        String history = "sync.history-events-" + suffix;
        infra.createTopic(itemEvents, 1, false);
        infra.createTopic(history, 1, false);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SchemaRegistryClient registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
        try (MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults());
             MondayPeopleResolver people = new MondayPeopleResolver(monday.apiUrl(), TokenProvider.fixed(monday.token()),
                     Duration.ofSeconds(2), Duration.ofMinutes(10), meters);
             DurableWriter writer = new DurableWriter(infra.bootstrapServers(), registry, Duration.ofSeconds(10), meters)) {
            RecentDeliveries recent = new RecentDeliveries(Duration.ofMinutes(5), 1000);
            MondayWebhookRoute route = new MondayWebhookRoute(Optional.empty(), writer, recent,
                    new DeadLetterKeeper(writer, recent, "sync.dlq-" + suffix, new IngressMetrics(meters)), itemEvents,
                    new RefusalLog(meters), people, history);
            long ben = monday.config().users().get(1).id();

            route.handle("acme", ownerChanged(UUID.randomUUID().toString(), 5001L, 7002L, ben)
                    .getBytes(StandardCharsets.UTF_8), null).get(20, TimeUnit.SECONDS);

            assertThat(infra.readAll(itemEvents, 1, Duration.ofSeconds(10))).hasSize(1);
            assertThat(infra.readAll(history, 1, Duration.ofSeconds(2))).isEmpty();
        }
    }

    /** monday's update_column_value delivery for a people column set to one person. */
    private static String ownerChanged(String trigger, long board, long item, long userId) {
        ObjectNode e = JSON.createObjectNode();
        e.put("app", "monday");
        e.put("type", "update_column_value");
        e.put("triggerTime", "2026-12-02T06:30:15.123Z");
        e.put("subscriptionId", 7301);
        e.put("userId", 4401);
        e.put("boardId", board);
        e.put("pulseId", item);
        e.put("pulseName", "Sarah Chen");
        e.put("groupId", "topics");
        e.put("columnId", "person");
        e.put("columnType", "multiple-person");
        e.put("columnTitle", "Owner");
        e.put("triggerUuid", trigger);
        ObjectNode value = e.putObject("value");
        value.putArray("personsAndTeams").addObject().put("id", userId).put("kind", "person");
        value.put("changed_at", "2026-12-02T06:30:15.000Z");
        ObjectNode body = JSON.createObjectNode();
        body.set("event", e);
        return body.toString();
    }
}
