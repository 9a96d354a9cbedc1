package com.coeffection.sync.ingress.monday;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.tokens.TokenProvider;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.MondayEventKind;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.PersonValue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** People chosen on monday reach Coeffection with their email; one monday cannot resolve keeps the id and says why. */
class MondayPeopleResolverTest {
    private final MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MondayPeopleResolver resolver = new MondayPeopleResolver(monday.apiUrl(),
            TokenProvider.fixed(monday.token()), Duration.ofSeconds(2), Duration.ofMinutes(10), meters);

    @AfterEach
    void close() {
        resolver.close();
        monday.close();
    }

    @Test
    void givenAnOwnerChosenOnMonday_whenTheWebhookIsResolved_thenThePersonCarriesTheirEmailAndNameAndTheLookupIsCached()
            throws Exception {
        StandInConfig.User ben = monday.config().users().get(1);
        MondayItemEvent event = ownerChanged("t-1", ben.id());

        MondayItemEvent resolved = resolver.withEmails(event).get(5, TimeUnit.SECONDS);
        int queries = monday.receivedQueries().size();
        MondayItemEvent again = resolver.withEmails(ownerChanged("t-2", ben.id())).get(5, TimeUnit.SECONDS);

        assertThat(person(resolved.getValue())).isEqualTo(new PersonValue(ben.email(), ben.name(), ben.id(), false));
        assertThat(person(again.getValue()).getEmail()).isEqualTo(ben.email());
        assertThat(monday.receivedQueries()).hasSize(queries);
        assertThat(monday.receivedQueries().get(queries - 1)).contains("users");
    }

    @Test
    void givenAUserIdMondayDoesNotKnow_whenResolved_thenTheIdIsKeptAndTheNameSaysWhy() throws Exception {
        MondayItemEvent resolved = resolver.withEmails(ownerChanged("t-3", 42L)).get(5, TimeUnit.SECONDS);

        PersonValue person = person(resolved.getValue());
        assertThat(person.getMondayUserId()).isEqualTo(42L);
        assertThat(person.getEmail()).isNull();
        assertThat(person.getName()).contains("monday user 42").contains("no user with this id");
        assertThat(meters.get("ingress.monday.people").tag("outcome", "unresolved").counter().count()).isEqualTo(1.0);
    }

    @Test
    void givenAUserIdMondayDoesNotKnow_whenResolved_thenItIsReportedAsAnUnknownPersonOfItsColumn() throws Exception {
        MondayPeople.Resolved resolved = resolver.resolve(ownerChanged("t-6", 42L)).get(5, TimeUnit.SECONDS);

        assertThat(resolved.unresolved()).containsExactly(new MondayPeople.Unresolved(42L, "owner",
                ErrorType.UNKNOWN_PERSON, "monday has no user with this id"));
    }

    @Test
    void givenMondayAnswersTooSlowly_whenResolved_thenThePersonIsReportedAsNotLookedUp() throws Exception {
        monday.faults().slowAnswers(Duration.ofSeconds(5));
        try (MondayPeopleResolver impatient = new MondayPeopleResolver(monday.apiUrl(), TokenProvider.fixed(monday.token()),
                Duration.ofMillis(300), Duration.ofMinutes(10), meters)) {
            MondayPeople.Resolved resolved = impatient.resolve(ownerChanged("t-7", 60_000_003L)).get(5, TimeUnit.SECONDS);

            assertThat(resolved.unresolved()).singleElement().satisfies(u -> {
                assertThat(u.userId()).isEqualTo(60_000_003L);
                assertThat(u.errorType()).isEqualTo(ErrorType.PERSON_UNRESOLVED);
                assertThat(u.errorType().retryable()).isTrue();
            });
        }
    }

    @Test
    void givenMondayAnswersTooSlowly_whenResolved_thenTheEventGoesOnWithinTheBoundAndTheIdIsKept() throws Exception {
        monday.faults().slowAnswers(Duration.ofSeconds(5));
        MondayPeopleResolver impatient = new MondayPeopleResolver(monday.apiUrl(), TokenProvider.fixed(monday.token()),
                Duration.ofMillis(300), Duration.ofMinutes(10), meters);
        try (impatient) {
            Instant started = Instant.now();
            MondayItemEvent resolved = impatient.withEmails(ownerChanged("t-4", 60_000_003L)).get(5, TimeUnit.SECONDS);

            assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(2));
            assertThat(person(resolved.getValue()).getEmail()).isNull();
            assertThat(person(resolved.getValue()).getName()).contains("email unknown");
        }
    }

    @Test
    void givenAnEventWithoutPeople_whenResolved_thenItIsUnchangedAndMondayIsNotAsked() throws Exception {
        MondayItemEvent event = MondayItemEvent.newBuilder(ownerChanged("t-5", 1L)).setValue("{\"label\":{\"text\":\"Done\"}}")
                .setPreviousValue(null).build();

        assertThat(resolver.withEmails(event).get(5, TimeUnit.SECONDS)).isEqualTo(event);
        assertThat(monday.receivedQueries()).isEmpty();
    }

    private static PersonValue person(String mondayJson) {
        FieldValue value = ColumnCodecs.standard().fromMonday(ColumnType.PEOPLE, "owner", mondayJson);
        return (PersonValue) value.getValue();
    }

    private static MondayItemEvent ownerChanged(String triggerUuid, long userId) {
        return MondayItemEvent.newBuilder().setTriggerUuid(triggerUuid).setTenantId("t1").setBoardId(5L).setItemId(7L)
                .setKind(MondayEventKind.UPDATE_COLUMN_VALUE).setDeliveredType("update_column_value").setUserId(60_000_003L)
                .setTriggerTime(Instant.now()).setRawEvent("{}").setColumnId("owner").setColumnType("multiple-person")
                .setValue("{\"personsAndTeams\":[{\"id\":" + userId + ",\"kind\":\"person\"}],\"changed_at\":\"2026-12-01T10:00:00Z\"}")
                .setPreviousValue(null).setColumnValues(Map.of()).build();
    }
}
