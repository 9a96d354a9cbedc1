package com.coeffection.sync.monday.tokens;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TokenProviderTest {

    @Test
    void aTokenFileIsReadAgainOnEveryCallSoARewrittenTokenIsUsedWithoutRestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("monday-token");
        TokenProvider tokens = TokenProvider.file(file);
        assertThat(tokens.tokenFor("acme")).isNull();

        Files.writeString(file, "old-token\n");
        assertThat(tokens.tokenFor("acme")).isEqualTo("old-token");

        Files.writeString(file, "  new-token  \nsecond line ignored\n");
        assertThat(tokens.tokenFor("acme")).isEqualTo("new-token");
    }

    @Test
    void aTenantsOwnTokenFileWinsOverTheSharedOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("monday-token");
        Files.writeString(file, "shared");
        Files.writeString(dir.resolve("monday-token.globex"), "globex-own");
        TokenProvider tokens = TokenProvider.file(file);

        assertThat(tokens.tokenFor("globex")).isEqualTo("globex-own");
        assertThat(tokens.tokenFor("acme")).isEqualTo("shared");
    }

    @Test
    void theEnvironmentGivesATenantsOwnTokenBeforeTheSharedOne() {
        TokenProvider tokens = TokenProvider.fromEnv(Map.of("MONDAY_API_TOKEN", "shared",
                "MONDAY_API_TOKEN_ACME_EU", "acme-own"));

        assertThat(tokens.tokenFor("acme-eu")).isEqualTo("acme-own");
        assertThat(tokens.tokenFor("other")).isEqualTo("shared");
    }

    @Test
    void theEnvironmentCanPointAtATokenFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t");
        Files.writeString(file, "from-file");

        assertThat(TokenProvider.fromEnv(Map.of("MONDAY_API_TOKEN_FILE", file.toString(), "MONDAY_API_TOKEN", "ignored"))
                .tokenFor("x")).isEqualTo("from-file");
    }
}
