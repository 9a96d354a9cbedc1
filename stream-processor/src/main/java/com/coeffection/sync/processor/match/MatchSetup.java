package com.coeffection.sync.processor.match;

import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.MondayClientConfig;

import java.util.Map;
import java.util.Optional;

/**
 * Whether the processor matches existing boards, and how it reads their items. Without a reader (no monday API
 * configured) no board is matched and records create their items as before.
 *
 * @param reader   reads a board's items from monday; empty: matching is off
 * @param pageSize items per page read (monday allows at most 500)
 */
public record MatchSetup(Optional<BoardReader> reader, int pageSize) {
    public static final int MAX_PAGE = 500;

    public MatchSetup {
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw new IllegalArgumentException("page size must be 1.." + MAX_PAGE + ", was " + pageSize);
        }
    }

    public static MatchSetup off() {
        return new MatchSetup(Optional.empty(), MAX_PAGE);
    }

    public static MatchSetup with(BoardReader reader) {
        return new MatchSetup(Optional.of(reader), MAX_PAGE);
    }

    public boolean enabled() {
        return reader.isPresent();
    }

    /**
     * From the environment: on when MONDAY_API_TOKEN is set (reading with MONDAY_API_URL and the client's other
     * settings) unless PROCESSOR_MATCHING=off; MATCH_PAGE_SIZE sets the page size.
     */
    public static MatchSetup fromEnvironment(Map<String, String> env) {
        String token = env.get("MONDAY_API_TOKEN");
        if (token == null || token.isBlank() || "off".equalsIgnoreCase(env.getOrDefault("PROCESSOR_MATCHING", "on"))) {
            return off();
        }
        MondayClient client = new MondayClient(MondayClientConfig.fromEnv(env));
        return new MatchSetup(Optional.of(new MondayBoardReader(client)),
                Integer.parseInt(env.getOrDefault("MATCH_PAGE_SIZE", Integer.toString(MAX_PAGE))));
    }
}
