package com.coeffection.sync.monday.standin;

import com.coeffection.sync.monday.standin.StandInColumns.Column;
import com.coeffection.sync.monday.standin.StandInColumns.StoredValue;
import com.coeffection.sync.monday.standin.StandInState.Board;
import com.coeffection.sync.monday.standin.StandInState.Item;
import com.coeffection.sync.monday.standin.StandInState.Webhook;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.GraphqlErrorBuilder;
import graphql.execution.CoercedVariables;
import graphql.execution.DataFetcherResult;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.TypeResolver;
import graphql.schema.idl.InterfaceWiringEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.ScalarInfo;
import graphql.schema.idl.ScalarWiringEnvironment;
import graphql.schema.idl.UnionWiringEnvironment;
import graphql.schema.idl.WiringFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import static com.coeffection.sync.monday.standin.GraphQlShapes.boardMap;
import static com.coeffection.sync.monday.standin.GraphQlShapes.columnMap;
import static com.coeffection.sync.monday.standin.GraphQlShapes.groupMap;
import static com.coeffection.sync.monday.standin.GraphQlShapes.itemMap;
import static com.coeffection.sync.monday.standin.GraphQlShapes.pageMap;
import static com.coeffection.sync.monday.standin.GraphQlShapes.userMap;
import static com.coeffection.sync.monday.standin.GraphQlShapes.webhookMap;

/**
 * Executes validated operations against the stand-in's state with graphql-java, on an executable schema built from
 * monday's own SDL: aliases, variables and nested selections behave as in any GraphQL server, and a field the
 * stand-in does not implement resolves to null.
 */
final class StandInGraphQl {
    static final String CONTEXT_KEY = "standin.request";
    private static final String DOCUMENT_KEY = "standin.document";
    private static volatile GraphQL graphQl;

    private StandInGraphQl() {
    }

    /** What one request runs with. */
    static final class RequestContext {
        final StandInState state;
        final WebhookDispatcher webhooks;
        final long userId;
        final Map<String, Object> complexity;
        volatile int statusHint = 200;
        volatile long accountId;

        RequestContext(StandInState state, WebhookDispatcher webhooks, long userId, Map<String, Object> complexity) {
            this.state = state;
            this.webhooks = webhooks;
            this.userId = userId;
            this.complexity = complexity;
        }
    }

    /** Executes a document already parsed and validated against monday's schema by {@link MondaySchema#check}. */
    static ExecutionResult execute(String query, graphql.language.Document document, Map<String, Object> variables,
                                   RequestContext context) {
        ExecutionInput input = ExecutionInput.newExecutionInput().query(query)
                .variables(variables == null ? Map.of() : variables)
                .graphQLContext(Map.of(CONTEXT_KEY, context, DOCUMENT_KEY, document)).locale(Locale.ENGLISH).build();
        return graphQl().execute(input);
    }

    private static GraphQL graphQl() {
        GraphQL g = graphQl;
        if (g == null) {
            synchronized (StandInGraphQl.class) {
                g = graphQl;
                if (g == null) {
                    g = GraphQL.newGraphQL(MondaySchema.get().executable(wiring()))
                            .preparsedDocumentProvider((input, parseAndValidate) -> {
                                graphql.language.Document doc = input.getGraphQLContext().get(DOCUMENT_KEY);
                                return java.util.concurrent.CompletableFuture.completedFuture(doc != null
                                        ? new graphql.execution.preparsed.PreparsedDocumentEntry(doc)
                                        : parseAndValidate.apply(input));
                            }).build();
                    graphQl = g;
                }
            }
        }
        return g;
    }

    // ---------------------------------------------------------------- wiring

    private static RuntimeWiring wiring() {
        TypeResolver byTypename = env -> {
            Object o = env.getObject();
            String name = o instanceof Map<?, ?> m && m.get("__typename") != null ? m.get("__typename").toString() : null;
            GraphQLObjectType type = name == null ? null : env.getSchema().getObjectType(name);
            if (type == null) {
                throw new IllegalStateException("the stand-in cannot resolve the type of " + o);
            }
            return type;
        };
        return RuntimeWiring.newRuntimeWiring()
                .wiringFactory(new WiringFactory() {
                    @Override
                    public boolean providesScalar(ScalarWiringEnvironment env) {
                        return !ScalarInfo.isGraphqlSpecifiedScalar(env.getScalarTypeDefinition().getName());
                    }

                    @Override
                    public GraphQLScalarType getScalar(ScalarWiringEnvironment env) {
                        return passThrough(env.getScalarTypeDefinition().getName());
                    }

                    @Override
                    public boolean providesTypeResolver(InterfaceWiringEnvironment env) {
                        return true;
                    }

                    @Override
                    public TypeResolver getTypeResolver(InterfaceWiringEnvironment env) {
                        return byTypename;
                    }

                    @Override
                    public boolean providesTypeResolver(UnionWiringEnvironment env) {
                        return true;
                    }

                    @Override
                    public TypeResolver getTypeResolver(UnionWiringEnvironment env) {
                        return byTypename;
                    }
                })
                .type("Query", b -> b
                        .dataFetcher("boards", guarded(StandInGraphQl::boards))
                        .dataFetcher("items", guarded(StandInGraphQl::items))
                        .dataFetcher("users", guarded(StandInGraphQl::users))
                        .dataFetcher("me", guarded(env -> userMap(ctx(env).state.user(ctx(env).userId))))
                        .dataFetcher("account", env -> StandInWorkspaces.account(ctx(env).accountId))
                        .dataFetcher("workspaces", env -> StandInWorkspaces.workspaces(env.getArgument("ids")))
                        .dataFetcher("webhooks", guarded(env -> ctx(env).state.webhooks(longArg(env, "board_id")).stream()
                                .map(GraphQlShapes::webhookMap).toList()))
                        .dataFetcher("complexity", env -> ctx(env).complexity)
                        .dataFetcher("items_page_by_column_values", guarded(StandInGraphQl::itemsByColumnValues))
                        .dataFetcher("next_items_page", guarded(env -> pageMap(ctx(env).state.nextPage(env.getArgument("cursor"),
                                intArg(env, "limit", 25))))))
                .type("Mutation", b -> b
                        .dataFetcher("complexity", env -> ctx(env).complexity)
                        .dataFetcher("create_board", guarded(env -> boardMap(ctx(env).state.createBoard(env.getArgument("board_name"),
                                String.valueOf(env.<Object>getArgument("board_kind")), env.getArgument("description"),
                                env.getArgument("workspace_id") == null ? null : parseId(env.getArgument("workspace_id"), "workspace")))))
                        .dataFetcher("create_column", guarded(StandInGraphQl::createColumn))
                        .dataFetcher("create_group", guarded(env -> groupMap(ctx(env).state.createGroup(longArg(env, "board_id"),
                                env.getArgument("group_name"), env.getArgument("group_color")))))
                        .dataFetcher("create_item", guarded(env -> itemMap(ctx(env).state.createItem(longArg(env, "board_id"),
                                env.getArgument("item_name"), env.getArgument("group_id"), json(env.getArgument("column_values")),
                                Boolean.TRUE.equals(env.getArgument("create_labels_if_missing")), ctx(env).userId))))
                        .dataFetcher("change_multiple_column_values", guarded(env -> itemMap(ctx(env).state.changeColumnValues(
                                longArg(env, "board_id"), longArg(env, "item_id"), json(env.getArgument("column_values")),
                                Boolean.TRUE.equals(env.getArgument("create_labels_if_missing")), ctx(env).userId))))
                        .dataFetcher("change_column_value", guarded(env -> {
                            var values = StandInState.JSON.createObjectNode();
                            values.set(env.getArgument("column_id"), json(env.getArgument("value")));
                            return itemMap(ctx(env).state.changeColumnValues(longArg(env, "board_id"), longArg(env, "item_id"),
                                    values, Boolean.TRUE.equals(env.getArgument("create_labels_if_missing")), ctx(env).userId));
                        }))
                        .dataFetcher("change_simple_column_value", guarded(env -> {
                            // the simple form: a plain string, as a person would type it (the name column renames)
                            var values = StandInState.JSON.createObjectNode();
                            Object value = env.getArgument("value");
                            values.set(env.getArgument("column_id"), value == null ? StandInState.JSON.nullNode()
                                    : StandInState.JSON.getNodeFactory().textNode(String.valueOf(value)));
                            return itemMap(ctx(env).state.changeColumnValues(longArg(env, "board_id"), longArg(env, "item_id"),
                                    values, Boolean.TRUE.equals(env.getArgument("create_labels_if_missing")), ctx(env).userId));
                        }))
                        .dataFetcher("move_item_to_group", guarded(env -> itemMap(ctx(env).state.moveItem(longArg(env, "item_id"),
                                env.getArgument("group_id"), ctx(env).userId))))
                        .dataFetcher("archive_item", guarded(env -> itemMap(ctx(env).state.removeItem(longArg(env, "item_id"),
                                false, ctx(env).userId))))
                        .dataFetcher("delete_item", guarded(env -> itemMap(ctx(env).state.removeItem(longArg(env, "item_id"),
                                true, ctx(env).userId))))
                        .dataFetcher("create_webhook", guarded(StandInGraphQl::createWebhook))
                        .dataFetcher("delete_webhook", guarded(env -> webhookMap(ctx(env).state.removeWebhook(longArg(env, "id"))))))
                .type("User", b -> b.dataFetcher("account", env -> StandInWorkspaces.account(ctx(env).accountId)))
                .type("Board", b -> b
                        .dataFetcher("columns", env -> board(env).columns.values().stream().map(GraphQlShapes::columnMap).toList())
                        .dataFetcher("groups", env -> board(env).groups.values().stream().map(GraphQlShapes::groupMap).toList())
                        .dataFetcher("items_page", guarded(env -> pageMap(ctx(env).state.page(board(env).id, i -> true, 0,
                                intArg(env, "limit", 25))))))
                .type("Item", b -> b
                        .dataFetcher("column_values", StandInGraphQl::columnValues)
                        .dataFetcher("group", env -> {
                            Item item = item(env);
                            Board board = ctx(env).state.boardOrNull(item.boardId);
                            return board == null ? null : groupMap(board.groups.get(item.groupId));
                        })
                        .dataFetcher("board", env -> boardMap(ctx(env).state.boardOrNull(item(env).boardId))))
                .build();
    }

    private static DataFetcher<Object> guarded(DataFetcher<Object> fetcher) {
        return env -> {
            try {
                return fetcher.get(env);
            } catch (StandInError e) {
                RequestContext ctx = ctx(env);
                ctx.statusHint = Math.max(ctx.statusHint, e.statusCode());
                Map<String, Object> extensions = new LinkedHashMap<>();
                extensions.put("code", e.code());
                extensions.put("status_code", e.statusCode());
                extensions.put("error_data", e.errorData());
                return DataFetcherResult.newResult()
                        .error(GraphqlErrorBuilder.newError(env).message(e.getMessage()).extensions(extensions).build()).build();
            }
        };
    }

    private static RequestContext ctx(DataFetchingEnvironment env) {
        GraphQLContext c = env.getGraphQlContext();
        return c.get(CONTEXT_KEY);
    }

    // ---------------------------------------------------------------- fetchers

    private static Object boards(DataFetchingEnvironment env) {
        List<Object> ids = env.getArgument("ids");
        List<Long> boardIds = ids == null ? null : ids.stream().map(o -> parseId(o, "board")).toList();
        int limit = intArg(env, "limit", 25);
        int page = Math.max(1, intArg(env, "page", 1));
        List<Object> workspaces = env.getArgument("workspace_ids");
        List<Long> workspaceIds = workspaces == null ? null : workspaces.stream().map(o -> parseId(o, "workspace")).toList();
        return ctx(env).state.boards(boardIds, workspaceIds).stream().skip((long) (page - 1) * limit).limit(limit)
                .map(GraphQlShapes::boardMap).toList();
    }

    private static Object items(DataFetchingEnvironment env) {
        List<Object> ids = env.getArgument("ids");
        if (ids == null) {
            return List.of();
        }
        return ctx(env).state.items(ids.stream().map(o -> parseId(o, "item")).toList()).stream()
                .map(GraphQlShapes::itemMap).toList();
    }

    private static Object users(DataFetchingEnvironment env) {
        List<Object> emails = env.getArgument("emails");
        List<Object> ids = env.getArgument("ids");
        return ctx(env).state.users().stream()
                .filter(u -> emails == null || emails.stream().anyMatch(e -> String.valueOf(e).equalsIgnoreCase(u.email())))
                .filter(u -> ids == null || ids.stream().anyMatch(i -> parseId(i, "user") == u.id()))
                .map(GraphQlShapes::userMap).toList();
    }

    private static Object itemsByColumnValues(DataFetchingEnvironment env) {
        long boardId = longArg(env, "board_id");
        String cursor = env.getArgument("cursor");
        int limit = intArg(env, "limit", 25);
        if (cursor != null) {
            return pageMap(ctx(env).state.nextPage(cursor, limit));
        }
        List<Map<String, Object>> columns = env.getArgument("columns");
        Predicate<Item> filter = i -> true;
        if (columns != null) {
            for (Map<String, Object> c : columns) {
                @SuppressWarnings("unchecked")
                List<Object> values = (List<Object>) c.get("column_values");
                filter = filter.and(StandInState.columnMatches(String.valueOf(c.get("column_id")),
                        values.stream().map(String::valueOf).toList()));
            }
        }
        return pageMap(ctx(env).state.page(boardId, filter, 0, limit));
    }

    private static Object createColumn(DataFetchingEnvironment env) {
        Object defaults = env.getArgument("defaults");
        return columnMap(ctx(env).state.createColumn(longArg(env, "board_id"), env.getArgument("title"),
                String.valueOf(env.<Object>getArgument("column_type")), env.getArgument("id"), env.getArgument("description"),
                json(defaults)));
    }

    private static Object createWebhook(DataFetchingEnvironment env) {
        RequestContext ctx = ctx(env);
        long boardId = longArg(env, "board_id");
        ctx.state.board(boardId);
        String url = env.getArgument("url");
        ctx.webhooks.handshake(url);
        JsonNode config = json(env.getArgument("config"));
        Webhook hook = ctx.state.addWebhook(boardId, url, String.valueOf(env.<Object>getArgument("event")),
                config == null || config.isNull() ? null : config.toString());
        return webhookMap(hook);
    }

    private static Object columnValues(DataFetchingEnvironment env) {
        Item item = item(env);
        Board board = ctx(env).state.boardOrNull(item.boardId);
        List<Object> ids = env.getArgument("ids");
        List<Map<String, Object>> values = new ArrayList<>();
        for (Column column : board.columns.values()) {
            if ("name".equals(column.type) || (ids != null && !ids.contains(column.id))) {
                continue;
            }
            StoredValue v = item.values.get(column.id);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("__typename", column.valueTypeName());
            m.put("id", column.id);
            m.put("type", column.type);
            m.put("value", v == null ? null : v.readValue().toString());
            m.put("text", v == null ? "" : v.text());
            m.put("is_leaf", true);
            m.put("column", columnMap(column));
            values.add(m);
        }
        return values;
    }

    // ---------------------------------------------------------------- maps

    private static Board board(DataFetchingEnvironment env) {
        Map<String, Object> source = env.getSource();
        return (Board) source.get("__board");
    }

    private static Item item(DataFetchingEnvironment env) {
        Map<String, Object> source = env.getSource();
        return (Item) source.get("__item");
    }

    // ---------------------------------------------------------------- arguments

    private static long longArg(DataFetchingEnvironment env, String name) {
        Object v = env.getArgument(name);
        if (v == null) {
            throw new StandInError("InvalidArgumentException", 200, "argument " + name + " is required", Map.of());
        }
        return parseId(v, name);
    }

    private static long parseId(Object v, String what) {
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            if (what.startsWith("board")) {
                throw StandInError.invalidBoard(v);
            }
            throw StandInError.invalidItem(v);
        }
    }

    private static int intArg(DataFetchingEnvironment env, String name, int fallback) {
        Object v = env.getArgument(name);
        return v instanceof Number n ? n.intValue() : fallback;
    }

    /** A JSON argument: monday takes a JSON string (the usual form through variables) or a JSON value. */
    static JsonNode json(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            try {
                return StandInState.JSON.readTree(s);
            } catch (JsonProcessingException e) {
                throw new StandInError("JsonParseException", 500, "Invalid JSON in argument: " + e.getOriginalMessage(),
                        Map.of("value", s.length() > 200 ? s.substring(0, 200) : s));
            }
        }
        return StandInState.JSON.valueToTree(value);
    }

    // ---------------------------------------------------------------- scalars

    /** monday's custom scalars (JSON, Date, ISO8601DateTime, File, CompareValue, ...) pass values through as they are. */
    private static GraphQLScalarType passThrough(String name) {
        return GraphQLScalarType.newScalar().name(name).coercing(new Coercing<Object, Object>() {
            @Override
            public Object serialize(Object value, GraphQLContext context, Locale locale) {
                return value;
            }

            @Override
            public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                return input;
            }

            @Override
            public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                return literal(input, variables);
            }
        }).build();
    }

    private static Object literal(Value<?> input, CoercedVariables variables) {
        if (input instanceof StringValue s) {
            return s.getValue();
        } else if (input instanceof IntValue i) {
            return i.getValue();
        } else if (input instanceof FloatValue f) {
            return f.getValue();
        } else if (input instanceof BooleanValue b) {
            return b.isValue();
        } else if (input instanceof EnumValue e) {
            return e.getName();
        } else if (input instanceof NullValue) {
            return null;
        } else if (input instanceof ArrayValue a) {
            List<Object> list = new ArrayList<>();
            a.getValues().forEach(v -> list.add(literal(v, variables)));
            return list;
        } else if (input instanceof ObjectValue o) {
            Map<String, Object> map = new LinkedHashMap<>();
            o.getObjectFields().forEach(f -> map.put(f.getName(), literal(f.getValue(), variables)));
            return map;
        } else if (input instanceof VariableReference v) {
            return variables.get(v.getName());
        }
        return null;
    }
}
