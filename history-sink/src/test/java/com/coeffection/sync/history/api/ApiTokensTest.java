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
    void aMalformedTokenListNamesTheEntryButNeverATokenAndTheTokensAreNotPrinted() {
        assertThatThrownBy(() -> ApiTokens.parse("acme=a-secret,globex", null))
                .hasMessageContaining("entry 2").hasMessageNotContaining("a-secret");
        assertThat(ApiTokens.parse("acme=a-secret", "op-secret").toString())
                .contains("acme").doesNotContain("a-secret").doesNotContain("op-secret");
    }
}
