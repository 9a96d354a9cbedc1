package com.coeffection.sync.history.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiTokensTest {

    @Test
    void aTenantsTokenStandsForThatTenantOnlyAndTheOperatorTokenForAll() {
        ApiTokens tokens = ApiTokens.parse("acme=a-secret, globex=g-secret", "op-secret");

        assertThat(tokens.caller("a-secret")).contains(new Caller.Tenant("acme"));
        assertThat(tokens.caller("a-secret").orElseThrow().mayRead("globex")).isFalse();
        assertThat(tokens.caller("op-secret").orElseThrow().mayRead("globex")).isTrue();
        assertThat(tokens.caller("a-secre")).isEmpty();
        assertThat(tokens.caller("")).isEmpty();
        assertThat(tokens.caller(null)).isEmpty();
    }

    @Test
    void anAdminTokenOfTheIntegrationPageServedBesideReadsItsOwnTenantOnly() {
        ApiTokens tokens = ApiTokens.parse("acme=a-secret", "op-secret")
                .withAdmins(token -> "acme-admin".equals(token) ? java.util.Optional.of("acme") : java.util.Optional.empty());

        Caller admin = tokens.caller("acme-admin").orElseThrow();
        assertThat(admin).isEqualTo(new Caller.Admin("acme"));
        assertThat(admin.mayRead("acme")).isTrue();
        assertThat(admin.mayRead("globex")).isFalse();
        assertThat(admin.name()).isEqualTo("admin:acme");
        assertThat(Caller.tenantOf(admin)).isEqualTo("acme");
        // the history's own tokens are unchanged, an unknown token is still nobody
        assertThat(tokens.caller("a-secret")).contains(new Caller.Tenant("acme"));
        assertThat(tokens.caller("op-secret")).contains(new Caller.Operator());
        assertThat(tokens.caller("nobody")).isEmpty();
        // without the page beside it, the admin token opens nothing
        assertThat(ApiTokens.parse("acme=a-secret", "op-secret").caller("acme-admin")).isEmpty();
    }

    @Test
    void aMalformedTokenListNamesTheEntryButNeverATokenAndTheTokensAreNotPrinted() {
        assertThatThrownBy(() -> ApiTokens.parse("acme=a-secret,globex", null))
                .hasMessageContaining("entry 2").hasMessageNotContaining("a-secret");
        assertThat(ApiTokens.parse("acme=a-secret", "op-secret").toString())
                .contains("acme").doesNotContain("a-secret").doesNotContain("op-secret");
    }
}
