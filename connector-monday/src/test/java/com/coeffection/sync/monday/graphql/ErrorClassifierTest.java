package com.coeffection.sync.monday.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/** Error bodies in the shapes monday documents, including the legacy top-level form, read without a server. */
class ErrorClassifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ErrorClassifier classifier = new ErrorClassifier(
            Clock.fixed(Instant.parse("2026-11-22T23:59:00Z"), ZoneOffset.UTC), Duration.ofSeconds(10));

    private MondayFailure classify(String body, int http, Duration retryAfter) throws Exception {
        JsonNode json = JSON.readTree(body);
        List<ErrorClassifier.MondayError> errors = ErrorClassifier.errors(json);
        assertThat(errors).hasSize(1);
        return classifier.classify(errors.get(0), http, retryAfter);
    }

    @Test
    void theLegacyComplexityExceptionIsABudgetRetryAfterTheResetItNames() throws Exception {
        MondayFailure f = classify("{\"error_code\":\"ComplexityException\",\"status_code\":429,\"error_message\":"
                + "\"Complexity budget exhausted, query cost 30001 budget remaining 3 out of 1000000 reset in 12 seconds\"}", 429, null);
        assertThat(f).asInstanceOf(type(MondayFailure.RetryLater.class)).satisfies(r -> {
            assertThat(r.budgetExhausted()).isTrue();
            assertThat(r.delay()).isEqualTo(Duration.ofSeconds(12));
        });
    }

    @Test
    void aQueryAboveTheMaximumComplexityIsPermanent() throws Exception {
        MondayFailure f = classify("{\"errors\":[{\"message\":\"Query has complexity of 6000000, which exceeds max complexity "
                + "of 5000000\",\"extensions\":{\"code\":\"ComplexityException\"}}]}", 200, null);
        assertThat(f).isInstanceOf(MondayFailure.Permanent.class);
    }

    @Test
    void ipAndFieldLimitsAreRetriesHonouringRetryInSeconds() throws Exception {
        assertThat(classify("{\"errors\":[{\"message\":\"IP rate limit\",\"extensions\":{\"code\":\"IP_RATE_LIMIT_EXCEEDED\","
                + "\"retry_in_seconds\":7}}]}", 429, Duration.ofSeconds(30)))
                .asInstanceOf(type(MondayFailure.RetryLater.class)).extracting(MondayFailure.RetryLater::delay)
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(classify("{\"errors\":[{\"message\":\"Field limit\",\"extensions\":{\"code\":\"FIELD_LIMIT_EXCEEDED\"}}]}",
                429, Duration.ofSeconds(30)))
                .asInstanceOf(type(MondayFailure.RetryLater.class)).extracting(MondayFailure.RetryLater::delay)
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anUnauthorisedUserNeedsAReconnect() throws Exception {
        assertThat(classify("{\"errors\":[{\"message\":\"User unauthorized to perform action\",\"extensions\":"
                + "{\"code\":\"UserUnauthorizedException\",\"error_data\":{},\"status_code\":403}}]}", 200, null))
                .isInstanceOf(MondayFailure.ConnectionRevoked.class);
    }

    @Test
    void theDailyLimitWithoutADelayResumesAtTheNextMidnightUtc() throws Exception {
        assertThat(classify("{\"errors\":[{\"message\":\"Daily limit exceeded\",\"extensions\":{\"code\":\"DAILY_LIMIT_EXCEEDED\"}}]}",
                429, null)).asInstanceOf(type(MondayFailure.DailyLimitReached.class))
                .extracting(MondayFailure.DailyLimitReached::resumeAt).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    }

    @Test
    void anUnknownApplicationErrorIsPermanentWithMondaysWords() throws Exception {
        MondayFailure f = classify("{\"errors\":[{\"message\":\"Something odd\",\"path\":[\"a2\"],"
                + "\"extensions\":{\"code\":\"SomethingOddException\",\"request_id\":\"r-1\"}}]}", 200, null);
        assertThat(f).isInstanceOf(MondayFailure.Permanent.class);
        assertThat(f.message()).isEqualTo("Something odd");
        assertThat(f.requestId()).isEqualTo("r-1");
        assertThat(ErrorClassifier.errors(JSON.readTree("{\"errors\":[{\"message\":\"x\",\"path\":[\"a2\"]}]}")).get(0).alias())
                .isEqualTo("a2");
    }

    @Test
    void aGatewayPageWithoutJsonIsARetry() {
        assertThat(classifier.classifyStatus(502, "<html>Bad Gateway</html>", null))
                .isInstanceOf(MondayFailure.RetryLater.class);
    }
}
