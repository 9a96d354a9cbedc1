package com.coeffection.sync.processor;

import com.coeffection.sync.contract.DeadLetterHeaders;
import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.processor.mapping.MappingPublisher;
import com.coeffection.sync.processor.routing.BadInput;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.Link;
import com.coeffection.sync.schema.LinkSource;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.MondayEventKind;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.schema.RecordUpdate;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.topics.SyncTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.coeffection.sync.values.FieldValues.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged processor ({@link ProcessorApp}) on the real broker, through the real schema registry, exactly-once:
 * a mapping published from YAML, a link, a Coeffection edit that becomes a monday command, a newer monday edit that
 * becomes a record update, and bad bytes that become a dead letter while processing goes on.
 */
@ExtendWith(RealInfraExtension.class)
class ProcessorIntegrationTest {

    @Test
    @DisplayName("On the real broker: edits flow both ways, bad bytes are dead-lettered, the processor keeps running")
    void syncsBothWaysOnTheRealBrokerThroughTheRealRegistry(RealInfra infra) throws Exception {
        // given the pipeline's topics, a published mapping and a linked record
        String run = UUID.randomUUID().toString().substring(0, 8);
        SyncTopics topics = new SyncTopics("it-changes-" + run, "it-items-" + run, "it-mappings-" + run,
                "it-links-" + run, "it-commands-" + run, "it-results-" + run, "it-updates-" + run,
                "it-history-events-" + run, "it-history-" + run, "it-dlq-" + run, "it-control-" + run);
        for (SyncTopics.Spec spec : topics.all()) {
            infra.createTopic(spec.name(), 2, spec.compacted());
        }
        Path mappingFile = Path.of(getClass().getResource("/mappings/acme.yaml").toURI());
        try (MappingPublisher publisher = new MappingPublisher(infra.bootstrapServers(), infra.schemaRegistryUrl(),
                topics, Clock.systemUTC())) {
            assertThat(publisher.publish(mappingFile).keys()).containsExactly("acme:Contact", "acme:Lead");
        }
        SchemaRegistryClient registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(infra.producerConfig())) {
            Link link = Link.newBuilder().setTenantId("acme").setEntityType("Contact").setRecordId("r1")
                    .setBoardId(100L).setItemId(5001L).setSource(LinkSource.MATCH_EMAIL).setLinkedAt(now).build();
            producer.send(new ProducerRecord<>(topics.links(), "acme:Contact:r1",
                    new AvroSerializer<>(registry, Link.class).serialize(topics.links(), link))).get();
        }
        Path stateDir = Files.createTempDirectory("processor-it");
        try (ProcessorApp app = new ProcessorApp(infra.bootstrapServers(), infra.schemaRegistryUrl(), topics,
                new SimpleMeterRegistry(), SyncDriver.INTEGRATION_USER, stateDir, "it-processor-" + run,
                Map.of(ProcessorConfig.INSTANCE_ID_ENV, "processor-a")).start();
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(infra.producerConfig())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);

            // when a person edits the title in Coeffection
            Instant edit = now.minusSeconds(60);
            RecordChange change = RecordChange.newBuilder().setEventId("it-c1").setTenantId("acme")
                    .setEntityType("Contact").setRecordId("r1").setOperation(RecordOperation.UPDATE)
                    .setActor(SyncDriver.userActor()).setOccurredAt(edit)
                    .setFields(List.of(new FieldChange("title", text("VP Sales"), edit))).build();
            producer.send(new ProducerRecord<>(topics.recordChanges(), "acme:Contact:r1",
                    new AvroSerializer<>(registry, RecordChange.class).serialize(topics.recordChanges(), change))).get();

            // then monday gets the value, keyed by board
            ConsumerRecord<String, byte[]> commandRecord = single(infra.readAll(topics.mondayCommands(), 1, Duration.ofSeconds(60)));
            assertThat(commandRecord.key()).isEqualTo("acme:100");
            MondayCommand command = new AvroDeserializer<>(registry, MondayCommand.class)
                    .deserialize(topics.mondayCommands(), commandRecord.value());
            assertThat(command.getAction()).isEqualTo(MondayAction.UPDATE_COLUMNS);
            assertThat(command.getItemId()).isEqualTo(5001L);
            assertThat(command.getColumns().get(0).getValue()).isEqualTo(text("VP Sales"));

            // when undecodable bytes arrive, and then a person edits the title on monday, later
            producer.send(new ProducerRecord<>(topics.recordChanges(), "acme:Contact:r1",
                    "garbage".getBytes(StandardCharsets.UTF_8))).get();
            MondayItemEvent mondayEdit = MondayItemEvent.newBuilder().setTriggerUuid("it-t1").setTenantId("acme")
                    .setBoardId(100L).setItemId(5001L).setKind(MondayEventKind.UPDATE_COLUMN_VALUE)
                    .setDeliveredType("update_column_value").setUserId(SyncDriver.PERSON_ON_MONDAY)
                    .setTriggerTime(now).setChangedAt(now).setColumnId("text_title").setColumnType("text")
                    .setValue("{\"value\":\"CTO\"}").build();
            producer.send(new ProducerRecord<>(topics.itemEvents(), "acme:100:5001",
                    new AvroSerializer<>(registry, MondayItemEvent.class).serialize(topics.itemEvents(), mondayEdit))).get();

            // then the bad bytes are a dead letter with the reason in its headers
            ConsumerRecord<String, byte[]> letter = single(infra.readAll(topics.deadLetters(), 1, Duration.ofSeconds(60)));
            assertThat(DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.ERROR_TYPE))
                    .isEqualTo(ErrorType.WIRE_FORMAT.name());
            assertThat(DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.PART)).isEqualTo("processor");
            DeadLetter deadLetter = new AvroDeserializer<>(registry, DeadLetter.class).deserialize(topics.deadLetters(), letter.value());
            assertThat(deadLetter.getSourceTopic()).isEqualTo(topics.recordChanges());

            // and the newer monday value reaches Coeffection: the processor kept running
            ConsumerRecord<String, byte[]> updateRecord = single(infra.readAll(topics.recordUpdates(), 1, Duration.ofSeconds(60)));
            RecordUpdate update = new AvroDeserializer<>(registry, RecordUpdate.class)
                    .deserialize(topics.recordUpdates(), updateRecord.value());
            assertThat(update.getFields().get(0).getValue()).isEqualTo(text("CTO"));
            assertThat(updateRecord.key()).isEqualTo("acme:Contact:r1");

            // and every decision is in history
            List<ConsumerRecord<String, byte[]>> history = infra.readAll(topics.historyEvents(), 3, Duration.ofSeconds(60));
            AvroDeserializer<SyncHistoryEntry> entries = new AvroDeserializer<>(registry, SyncHistoryEntry.class);
            assertThat(history).extracting(r -> entries.deserialize(topics.historyEvents(), r.value()).getStatus())
                    .containsExactlyInAnyOrder(HistoryStatus.PENDING, HistoryStatus.REJECTED, HistoryStatus.PENDING);
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }

        // when the processor restarts on an empty state directory (its stores are rebuilt from the topics), under
        // the same instance id
        Path freshState = Files.createTempDirectory("processor-it-restart");
        try (ProcessorApp app = new ProcessorApp(infra.bootstrapServers(), infra.schemaRegistryUrl(), topics,
                new SimpleMeterRegistry(), SyncDriver.INTEGRATION_USER, freshState, "it-processor-" + run,
                Map.of(ProcessorConfig.INSTANCE_ID_ENV, "processor-a")).start();
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(infra.producerConfig());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            // then it is back as the same static member well within the session timeout (no wait for the old
            // member to expire)
            await().atMost(Duration.ofSeconds(20)).until(() -> app.state() == KafkaStreams.State.RUNNING);
            assertThat(admin.describeConsumerGroups(List.of("it-processor-" + run)).all().get()
                    .get("it-processor-" + run).members())
                    .isNotEmpty().allSatisfy(m -> assertThat(m.groupInstanceId()).hasValueSatisfying(id -> assertThat(id)
                            .startsWith("processor-a")));
            Instant later = Instant.now();
            MondayItemEvent laterEdit = MondayItemEvent.newBuilder().setTriggerUuid("it-t2").setTenantId("acme")
                    .setBoardId(100L).setItemId(5001L).setKind(MondayEventKind.UPDATE_COLUMN_VALUE)
                    .setDeliveredType("update_column_value").setUserId(SyncDriver.PERSON_ON_MONDAY)
                    .setTriggerTime(later).setChangedAt(later).setColumnId("text_title").setColumnType("text")
                    .setValue("{\"value\":\"CEO\"}").build();
            producer.send(new ProducerRecord<>(topics.itemEvents(), "acme:100:5001",
                    new AvroSerializer<>(registry, MondayItemEvent.class).serialize(topics.itemEvents(), laterEdit))).get();

            // then the link index and the mapping were restored: the item still reaches its record
            List<ConsumerRecord<String, byte[]>> updates = infra.readAll(topics.recordUpdates(), 2, Duration.ofSeconds(60));
            assertThat(updates).hasSize(2);
            RecordUpdate second = new AvroDeserializer<>(registry, RecordUpdate.class)
                    .deserialize(topics.recordUpdates(), updates.get(1).value());
            assertThat(second.getFields().get(0).getValue()).isEqualTo(text("CEO"));
        }
    }

    private static <T> T single(List<T> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }
}
