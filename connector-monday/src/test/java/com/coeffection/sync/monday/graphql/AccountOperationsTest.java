package com.coeffection.sync.monday.graphql;

import com.coeffection.sync.monday.standin.MondaySchema;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Who a token acts as and which workspaces it sees, asked through the client and answered by the stand-in. */
class AccountOperationsTest {
    private static MondayStandIn monday;
    private static MondayClient client;

    @BeforeAll
    static void start() throws Exception {
        monday = MondayStandIn.start(StandInConfig.defaults());
        client = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token()));
    }

    @AfterAll
    static void stop() {
        client.close();
        monday.close();
    }

    @Test
    void listsTheWorkspacesAndTheAccount() {
        long refusedBefore = monday.stats().validationFailures();

        List<Model.WorkspaceInfo> workspaces = client.execute(new Operations.Workspaces(100));
        Model.AccountInfo account = client.execute(new Operations.Account());
        Model.MondayUser me = client.execute(new Operations.Me());

        assertThat(workspaces).extracting(Model.WorkspaceInfo::name).containsExactly("Main workspace", "Sales");
        assertThat(workspaces).allSatisfy(w -> {
            assertThat(w.id()).isPositive();
            assertThat(w.kind()).isEqualTo("open");
        });
        assertThat(account.id()).isEqualTo(monday.config().accountId());
        assertThat(account.name()).isNotBlank();
        assertThat(me.id()).isEqualTo(monday.config().integrationUser().id());
        assertThat(monday.stats().validationFailures()).isEqualTo(refusedBefore);
    }

    @Test
    void theStandInChecksTheQueriesAgainstMondaysSchema() {
        MondaySchema schema = MondaySchema.get();
        assertThat(schema.check(GraphQlRequest.of(List.of(new Operations.Workspaces(100))).query()).errors()).isEmpty();
        assertThat(schema.check("query { me { account { id name } } }").errors()).isEmpty();
        // a field the schema does not have is refused, so the stand-in cannot answer what monday would not
        assertThat(schema.check("query { workspaces { id name colour } }").errors()).isNotEmpty();
    }
}
