package com.coeffection.sync.drift.bench;

import com.coeffection.sync.backfill.CoeffectionApiClient;
import com.coeffection.sync.backfill.ProgressStore;
import com.coeffection.sync.coeffection.standin.CoeffectionStandIn;
import com.coeffection.sync.coeffection.standin.CoeffectionStandInConfig;
import com.coeffection.sync.coeffection.standin.DemoData;
import com.coeffection.sync.coeffection.standin.Plan;
import com.coeffection.sync.coeffection.standin.RecordStore;
import com.coeffection.sync.drift.report.DriftMetrics;
import com.coeffection.sync.drift.report.DriftReport;
import com.coeffection.sync.drift.run.BudgetShare;
import com.coeffection.sync.drift.run.DriftRun;
import com.coeffection.sync.drift.run.DriftSettings;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.MondayClientConfig;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.Link;
import com.coeffection.sync.schema.LinkSource;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.topics.SyncTopics;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A drift run of a board of {@code bench.items} items (default 10,000) against as many records, 1% of which differ
 * (a title edited on monday): prints the run's time, monday calls and complexity points, the time waited for the
 * budget share, and Coeffection requests, for a dry run and a real run, beside a baseline in the same run: reading
 * the board alone with the same paging. Bounded (one board, three passes); talks to 127.0.0.1 only. Not in the
 * default suite:
 *
 * <pre>flock /tmp/heavy.lock mvn -o -q -B test -pl drift -am -Dtest=DriftBenchmark -Ddrift.bench=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@ExtendWith(RealInfraExtension.class)
@EnabledIfSystemProperty(named = "drift.bench", matches = "true")
class DriftBenchmark {
    @Test
    void driftRunOfATenThousandItemBoard(RealInfra infra) throws Exception {
        int items = Integer.getInteger("bench.items", 10_000);
        double share = Double.parseDouble(System.getProperty("bench.share", "0.25"));
        Instant t0 = Instant.now().minusSeconds(3600);
        try (MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults());
             CoeffectionStandIn coeffection = new CoeffectionStandIn(CoeffectionStandInConfig.defaults()
                     .withPlan(Plan.ENTERPRISE).withDemo(new DemoData.Size(0, 0, 0))).start();
             MondayClient client = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token())
                     .withAssumedBudget(monday.config().budgetPerWindow()));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(infra.producerConfig(), new StringSerializer(),
                     new ByteArraySerializer())) {
            SchemaRegistryClient registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
            long board = client.execute(new Operations.CreateBoard("Bench contacts", "public", null, null, null)).id();
            client.execute(new Operations.CreateColumn(board, "Email", "email", "email", null, null));
            client.execute(new Operations.CreateColumn(board, "Title", "text", "job_title", null, null));
            MondayStandIn.AsUser ana = monday.asUser(monday.config().users().get(0).id());
            String links = infra.uniqueTopic("bench-links", 1);
            AvroSerializer<Link> linkSerializer = new AvroSerializer<>(registry, Link.class);
            long setUp = System.nanoTime();
            for (int i = 0; i < items; i++) {
                String id = "cnt_" + i;
                String email = "person" + i + "@example.com";
                coeffection.records().create("demo", "Contact", JsonNodeFactory.instance.objectNode().put("id", id)
                        .put("fullName", "Person " + i).put("email", email).put("title", "Engineer")
                        .put("createdAt", t0.toString()).put("updatedAt", t0.toString()), RecordStore.Actor.API, true);
                long item = ana.createItem(board, "Person " + i, null, Map.of("email",
                        "{\"email\":\"" + email + "\",\"text\":\"" + email + "\"}",
                        "job_title", i % 100 == 0 ? "\"Head of Sales\"" : "\"Engineer\"")).id();
                Link link = Link.newBuilder().setTenantId("demo").setEntityType("Contact").setRecordId(id)
                        .setBoardId(board).setItemId(item).setSource(LinkSource.ITEM_CREATED).setConfidence(null)
                        .setLinkedAt(t0).build();
                producer.send(new ProducerRecord<>(links, "demo:Contact:" + id, linkSerializer.serialize(links, link)));
            }
            producer.flush();
            System.out.printf("set-up: %,d records, %,d items, %,d links in %.1f s%n", items, items, items,
                    (System.nanoTime() - setUp) / 1e9);
            SyncTopics topics = new SyncTopics(infra.uniqueTopic("bench-changes", 3), "items", "mappings", links,
                    "commands", "results", "updates", "history-events", "history", "dlq",
                    infra.uniqueTopic("bench-control", 3));
            DriftSettings settings = DriftSettings.defaults(topics)
                    .withProgressTopic(infra.uniqueTopic("bench-drift-progress", 1)).withBudgetShare(share);
            BoardMapping mapping = mapping(board);
            System.out.printf("load average at start: %s%n", load());

            // baseline: reading the board alone, same client and paging, no share
            long before = client.budget().snapshot().remaining();
            long start = System.nanoTime();
            String cursor = client.execute(new Operations.ReadBoard(board, settings.itemPageSize())).items().cursor();
            int calls = 1;
            while (cursor != null) {
                cursor = client.execute(new Operations.NextItemsPage(cursor, settings.itemPageSize())).cursor();
                calls++;
            }
            System.out.printf("baseline (board read alone): %.2f s, %d monday calls, %,d complexity points%n",
                    (System.nanoTime() - start) / 1e9, calls, before - client.budget().snapshot().remaining());

            try (ProgressStore progress = new ProgressStore(infra.bootstrapServers(), settings.progressTopic())) {
                for (boolean dryRun : List.of(true, false)) {
                    CoeffectionApiClient api = new CoeffectionApiClient(coeffection.apiUrl(), coeffection.apiKey());
                    DriftRun run = new DriftRun(settings, client, api, registry, infra.bootstrapServers(), progress,
                            DriftRun.fenced(infra.bootstrapServers(), settings), new BudgetShare(share,
                            Clock.systemUTC(), d -> Thread.sleep(d.toMillis())), new DriftMetrics(new SimpleMeterRegistry()),
                            Clock.systemUTC());
                    DriftReport r = run.run(mapping, dryRun);
                    System.out.printf("%s (share %.2f): %.2f s, %d monday calls, %,d complexity points, %d ms waited"
                                    + " for the share, %d Coeffection requests; %,d compared, %,d drifted %s, %,d published%n",
                            dryRun ? "drift dry run" : "drift run", share, r.durationMillis() / 1e3, r.mondayCalls(),
                            r.mondayComplexity(), r.budgetWaitMillis(), r.coeffectionRequests(), r.compared(),
                            r.driftedRecords(), r.fieldDrift(), r.published());
                }
            }
            System.out.printf("load average at end: %s%n", load());
        }
    }

    private static String load() throws java.io.IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    private static BoardMapping mapping(long boardId) {
        List<FieldMapping> fields = List.of(field("fullName", "text", "name", "name"),
                field("email", "email", "email", "email"), field("title", "text", "job_title", "text"));
        return BoardMapping.newBuilder().setTenantId("demo").setEntityType("Contact").setBoardId(boardId)
                .setAutoCreate(false).setBoardName("Bench contacts").setWorkspaceId(null).setItemNameField("fullName")
                .setFields(fields).setStageField(null).setStatusColumnId(null).setStageDirection(SyncDirection.TWO_WAY)
                .setStages(List.of()).setLabelDefaultStages(Map.of()).setMatchOnConnect(false).setArchiveOnDelete(false)
                .setVersion(1L).setUpdatedAt(Instant.now()).build();
    }

    private static FieldMapping field(String field, String type, String column, String columnType) {
        return FieldMapping.newBuilder().setField(field).setFieldType(type).setColumnId(column).setColumnType(columnType)
                .setColumnTitle(null).setDirection(SyncDirection.TWO_WAY).build();
    }
}
