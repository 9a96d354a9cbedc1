package com.coeffection.sync.monday.users;

import com.coeffection.sync.monday.graphql.MondayClientConfig;

import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.monday.columns.ColumnValueConversionException;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.schema.PersonValue;
import com.coeffection.sync.values.FieldValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** People are mapped by email to monday users; someone without a monday user falls back to a text/email column. */
class MondayUserDirectoryTest {
    private MondayStandIn monday;
    private MondayClient client;
    private MondayUserDirectory directory;

    @BeforeEach
    void start() {
        monday = MondayStandIn.start(StandInConfig.defaults());
        client = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token()).withAssumedBudget(monday.config().budgetPerWindow()));
        directory = new MondayUserDirectory(client, Duration.ofMinutes(10), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        client.close();
        monday.close();
    }

    @Test
    void aPersonWhoseEmailBelongsToAMondayUserIsWrittenToThePeopleColumn() {
        // given Ana is a monday user, addressed with different letter case
        var person = FieldValues.person("Ana@Customer.example", "Ana", null);

        // when her value is prepared for the owner column
        Map<String, String> values = directory.columnValues("owner", person,
                Optional.of(new MondayUserDirectory.FallbackColumn("owner_email", ColumnType.EMAIL)));

        // then she is written by user id and the fallback column is cleared
        assertThat(values).containsEntry("owner", "{\"personsAndTeams\":[{\"id\":60000002,\"kind\":\"person\"}]}")
                .containsEntry("owner_email", "null");
    }

    @Test
    void aPersonWithoutAMondayUserFallsBackToTheEmailColumnAndMondayAcceptsIt() {
        // given a board with a people column and an email fallback column
        long board = client.execute(new Operations.CreateBoard("People", "public", null, null, null)).id();
        client.execute(new Operations.CreateColumn(board, "Owner", "people", "owner", null, null));
        client.execute(new Operations.CreateColumn(board, "Owner email", "email", "owner_email", null, null));

        // when an owner who is not a monday user is written
        Map<String, String> values = directory.columnValues("owner", FieldValues.person("zoe@partner.example", "Zoe", null),
                Optional.of(new MondayUserDirectory.FallbackColumn("owner_email", ColumnType.EMAIL)));
        long item = client.execute(new Operations.CreateItem(board, "Deal", null, values, false)).id();

        // then monday holds her email in the fallback column and no person
        var stored = monday.item(item).orElseThrow();
        assertThat(stored.values()).doesNotContainKey("owner");
        assertThat(stored.values().get("owner_email").text()).isEqualTo("zoe@partner.example");
    }

    @Test
    void aPersonWithoutAMondayUserAndNoFallbackIsATypedErrorNamingTheColumn() {
        assertThatThrownBy(() -> directory.columnValues("owner", FieldValues.person("zoe@partner.example", "Zoe", null),
                Optional.empty()))
                .isInstanceOf(ColumnValueConversionException.class)
                .hasMessageContaining("owner").hasMessageContaining("zoe@partner.example");
    }

    @Test
    void peopleReadFromMondayGetTheirEmailsAndLookupsAreCached() {
        // given a people value as monday delivers it (ids only)
        var read = FieldValues.people(List.of(new PersonValue(null, null, 60_000_002L, false),
                new PersonValue(null, null, 60_000_003L, false)));
        long before = monday.stats().requests();

        // when the emails are filled in twice
        var first = directory.withEmails(read);
        var second = directory.withEmails(read);

        // then both people are identified by email and the second time cost no request
        assertThat(first).isEqualTo(second);
        assertThat(((com.coeffection.sync.schema.PeopleValue) first.getValue()).getPeople())
                .extracting(PersonValue::getEmail).containsExactly("ana@customer.example", "ben@customer.example");
        assertThat(monday.stats().requests()).isEqualTo(before + 2);
        assertThat(directory.byEmail("nobody@example.com")).isEmpty();
        assertThat(directory.byEmail("nobody@example.com")).isEmpty();
        assertThat(monday.stats().requests()).isEqualTo(before + 3);
    }
}
