package com.coeffection.sync.monday.graphql;

import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.parser.exceptions.ParseCancelledException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client counts a request's grammar tokens as a GraphQL parser does (graphql-java, in test scope only). */
class RequestTokensTest {

    @Test
    void theCountIsTheParsersForABatchOfColumnChanges() {
        List<MondayOperation<?>> ops = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ops.add(new Operations.ChangeColumnValues(5_000_000_001L, 7_000_000_000L + i,
                    Map.of("text", "\"value, with a comma # and a hash\"", "numbers", "\"" + i + "\""), i % 2 == 0));
        }
        GraphQlRequest request = GraphQlRequest.of(ops);
        int tokens = request.tokens();

        assertThat(tokens).isGreaterThan(50 * 20);
        assertThatCode(() -> parse(request.query(), tokens)).doesNotThrowAnyException();
        assertThatThrownBy(() -> parse(request.query(), tokens - 1)).isInstanceOf(ParseCancelledException.class);
    }

    @Test
    void stringsCommentsCommasAndSpreadsCountAsTheGrammarSays() {
        String query = "query Q($a: ID!) { # a comment, not counted\n  boards(ids: [$a], state: all) { ...F name }"
                + " x: items_page(query_params: {rules: [{column_id: \"a \\\" b\", compare_value: [\"\"\"c\"\"\"]}]}) { cursor } }"
                + " fragment F on Board { id }";
        int tokens = GraphQlRequest.countTokens(query);

        assertThatCode(() -> parse(query, tokens)).doesNotThrowAnyException();
        assertThatThrownBy(() -> parse(query, tokens - 1)).isInstanceOf(ParseCancelledException.class);
    }

    private static void parse(String query, int maxTokens) {
        ParserOptions options = ParserOptions.newParserOptions().maxTokens(maxTokens).build();
        new Parser().parseDocument(ParserEnvironment.newParserEnvironment().document(query).parserOptions(options).build());
    }
}
