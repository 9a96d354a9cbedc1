package com.coeffection.sync.ingress.monday;

import com.coeffection.sync.ingress.ProblemType;
import com.coeffection.sync.ingress.WebhookJson;
import com.coeffection.sync.schema.MondayEventKind;
import com.coeffection.sync.schema.MondayItemEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class MondayWebhookParserTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-22T07:00:00Z");
    private final MondayWebhookParser parser = new MondayWebhookParser();

    private MondayDelivery parse(String body) {
        return parser.parse("acme", WebhookJson.parse(body.getBytes(StandardCharsets.UTF_8)).node(), body, RECEIVED);
    }

    private MondayItemEvent event(String body) {
        MondayDelivery delivery = parse(body);
        assertThat(delivery).isInstanceOf(MondayDelivery.ItemEvent.class);
        return ((MondayDelivery.ItemEvent) delivery).event();
    }

    @Test
    void idsSentAsStringsAreRead() {
        MondayItemEvent event = event("{\"event\":{\"type\":\"create_pulse\",\"triggerUuid\":\"t\",\"boardId\":\"123\",\"pulseId\":\"456\",\"userId\":\"-4\"}}");

        assertThat(event.getBoardId()).isEqualTo(123L);
        assertThat(event.getItemId()).isEqualTo(456L);
        assertThat(event.getUserId()).isEqualTo(-4L);
    }

    @Test
    void changedAtKeepsMicrosecondsAndRoundsBeyond() {
        MondayItemEvent event = event("{\"event\":{\"type\":\"update_column_value\",\"triggerUuid\":\"t\",\"boardId\":1,\"pulseId\":2,"
                + "\"changedAt\":1763793015.1234567}}");

        assertThat(event.getChangedAt()).isEqualTo(Instant.ofEpochSecond(1763793015L, 123_457_000L));
    }

    @Test
    void aClearedColumnIsTheTextNullAndAnAbsentValueIsNull() {
        MondayItemEvent cleared = event("{\"event\":{\"type\":\"update_column_value\",\"triggerUuid\":\"t\",\"boardId\":1,\"pulseId\":2,"
                + "\"columnId\":\"date4\",\"value\":null,\"previousValue\":{\"date\":\"2024-06-15\"}}}");
        MondayItemEvent created = event("{\"event\":{\"type\":\"create_pulse\",\"triggerUuid\":\"t\",\"boardId\":1,\"pulseId\":2}}");

        assertThat(cleared.getValue()).isEqualTo("null");
        assertThat(cleared.getPreviousValue()).isEqualTo("{\"date\":\"2024-06-15\"}");
        assertThat(created.getValue()).isNull();
    }

    @Test
    void theSubscribedEventNamesAreUnderstoodToo() {
        assertThat(MondayWebhookParser.kindOf("create_item")).isEqualTo(MondayEventKind.CREATE_ITEM);
        assertThat(MondayWebhookParser.kindOf("change_status_column_value")).isEqualTo(MondayEventKind.UPDATE_COLUMN_VALUE);
        assertThat(MondayWebhookParser.kindOf("change_name")).isEqualTo(MondayEventKind.UPDATE_NAME);
        assertThat(MondayWebhookParser.kindOf("item_deleted")).isEqualTo(MondayEventKind.DELETE_ITEM);
        assertThat(MondayWebhookParser.kindOf("item_archived")).isEqualTo(MondayEventKind.ARCHIVE_ITEM);
        assertThat(MondayWebhookParser.kindOf("item_restored")).isEqualTo(MondayEventKind.RESTORE_ITEM);
        assertThat(MondayWebhookParser.kindOf("create_subitem")).isEqualTo(MondayEventKind.OTHER);
    }

    @Test
    void aMissingTriggerTimeFallsBackToTheReceiveTime() {
        assertThat(event("{\"event\":{\"type\":\"delete_pulse\",\"triggerUuid\":\"t\",\"boardId\":1,\"itemId\":2}}").getTriggerTime())
                .isEqualTo(RECEIVED);
    }

    @Test
    void unusableBodiesSayWhatIsMissing() {
        MondayDelivery noBoard = parse("{\"event\":{\"type\":\"create_pulse\",\"triggerUuid\":\"t\",\"pulseId\":2}}");
        MondayDelivery badId = parse("{\"event\":{\"type\":\"create_pulse\",\"triggerUuid\":\"t\",\"boardId\":\"twelve\",\"pulseId\":2}}");
        MondayDelivery knownWithoutItem = parse("{\"event\":{\"type\":\"update_name\",\"triggerUuid\":\"t\",\"boardId\":1}}");
        MondayDelivery badTime = parse("{\"event\":{\"type\":\"create_pulse\",\"triggerUuid\":\"t\",\"boardId\":1,\"pulseId\":2,\"triggerTime\":\"soon\"}}");
        MondayDelivery neither = parse("{\"hello\":\"world\"}");

        assertThat(((MondayDelivery.Unusable) noBoard).problem().message()).contains("boardId");
        assertThat(((MondayDelivery.Unusable) badId).problem().message()).contains("'boardId' is not a number");
        assertThat(((MondayDelivery.Unusable) knownWithoutItem).problem().type()).isEqualTo(ProblemType.INVALID_PAYLOAD);
        assertThat(((MondayDelivery.Unusable) badTime).problem().message()).contains("unreadable time");
        assertThat(((MondayDelivery.Unusable) neither).problem().message()).contains("neither");
    }
}
