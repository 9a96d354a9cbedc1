package com.coeffection.sync.monday.standin;

import graphql.GraphQLError;
import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * monday's published GraphQL schema for API version 2026-10 (a copy of monday's own SDL, see
 * {@code monday/schema-2026-10.PROVENANCE.txt}), and validation of query documents against it.
 *
 * <p>The SDL as monday serves it contains the eight introspection types; they are removed before the schema is
 * built because graphql-java defines them itself.
 */
public final class MondaySchema {
    /** The API version the schema describes and the client pins. */
    public static final String API_VERSION = "2026-10";
    /** Classpath location of the SDL. */
    public static final String RESOURCE = "/monday/schema-2026-10.graphql";
    private static final List<String> INTROSPECTION_TYPES = List.of("__Schema", "__Type", "__Field", "__InputValue",
            "__EnumValue", "__Directive", "__TypeKind", "__DirectiveLocation");

    private static volatile MondaySchema instance;

    private final TypeDefinitionRegistry registry;
    private final GraphQLSchema validationSchema;

    private MondaySchema(String sdl) {
        this.registry = registry(sdl);
        this.validationSchema = UnExecutableSchemaGenerator.makeUnExecutableSchema(registry(sdl));
    }

    /** The schema, loaded once per JVM (parsing the 385 KB SDL takes about a second). */
    public static MondaySchema get() {
        MondaySchema s = instance;
        if (s == null) {
            synchronized (MondaySchema.class) {
                s = instance;
                if (s == null) {
                    s = new MondaySchema(sdl());
                    instance = s;
                }
            }
        }
        return s;
    }

    /** The SDL text as monday published it. */
    public static String sdl() {
        try (InputStream in = MondaySchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("monday schema resource " + RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TypeDefinitionRegistry registry(String sdl) {
        TypeDefinitionRegistry registry = new SchemaParser().parse(sdl);
        for (String name : INTROSPECTION_TYPES) {
            registry.getType(name).ifPresent(registry::remove);
        }
        return registry;
    }

    /** The schema without resolvers, for validation only. */
    public GraphQLSchema validationSchema() {
        return validationSchema;
    }

    /** Builds an executable schema from the same type definitions with the given wiring. */
    GraphQLSchema executable(RuntimeWiring wiring) {
        return new SchemaGenerator().makeExecutableSchema(registry, wiring);
    }

    /**
     * Parses and validates a query document.
     *
     * @return the parsed document, or the syntax/validation errors monday's schema finds in it
     */
    public Checked check(String query) {
        Document document;
        try {
            document = Parser.parse(query);
        } catch (InvalidSyntaxException e) {
            return new Checked(null, List.of(e.toInvalidSyntaxError()));
        }
        List<ValidationError> errors = new Validator().validateDocument(validationSchema, document, Locale.ENGLISH);
        return new Checked(document, List.copyOf(errors));
    }

    /** A parsed document and the errors found in it (empty when valid). */
    public record Checked(Document document, List<? extends GraphQLError> errors) {
        public boolean valid() {
            return document != null && errors.isEmpty();
        }
    }
}
