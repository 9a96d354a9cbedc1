package com.coeffection.sync.connections.mappings;

import com.coeffection.sync.processor.mapping.MappingLoader;
import com.coeffection.sync.processor.mapping.MappingProblem;
import com.coeffection.sync.processor.mapping.MappingValidationException;
import com.coeffection.sync.schema.BoardMapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Board mappings through the API: the same YAML as the mapping files, validated by the same loader (so the
 * messages name the tenant, entity, field and column exactly as a file's do), published to the mappings topic
 * (the processor applies a published mapping to the next event, without a restart), and kept as the tenant's
 * current document so the page shows what is published.
 */
public final class MappingService {
    private final MappingLoader loader;
    private final MappingTarget target;
    private final AuditLog audit;
    private final Path directory;

    /** Where validated mappings go: the mappings topic (or the launcher's provisioning in front of it). */
    @FunctionalInterface
    public interface MappingTarget {
        /** Publishes the tenant's mappings; returns the keys published. */
        List<String> publish(String tenant, List<BoardMapping> mappings, List<MappingProblem> warnings);
    }

    /** The result of a validation: the problems (errors stop a publish, warnings do not). */
    public record Validation(boolean valid, String tenant, List<String> entities, List<MappingProblem> problems) {
    }

    /** What was published and by whom. */
    public record Published(String tenant, List<String> keys, List<MappingProblem> warnings) {
    }

    /** The YAML names another tenant than the one whose admin sends it. */
    public static final class TenantMismatch extends RuntimeException {
        public TenantMismatch(String message) {
            super(message);
        }
    }

    /** The mappings were valid but their boards could not be made ready on monday; nothing was published. */
    public static final class NotPublished extends RuntimeException {
        public NotPublished(String message) {
            super(message);
        }
    }

    /** The mapping has errors; nothing was published. */
    public static final class Invalid extends RuntimeException {
        private final Validation validation;

        public Invalid(Validation validation) {
            super("the board mapping has " + validation.problems().stream()
                    .filter(p -> p.severity() == MappingProblem.Severity.ERROR).count() + " error(s); nothing was published");
            this.validation = validation;
        }

        public Validation validation() {
            return validation;
        }
    }

    public MappingService(MappingTarget target, AuditLog audit, Path directory, Clock clock) {
        this.loader = new MappingLoader(clock);
        this.target = target;
        this.audit = audit;
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Validates without publishing. A document for another tenant is refused ({@link TenantMismatch}). */
    public Validation validate(String tenant, String yaml) {
        try {
            MappingLoader.Loaded loaded = loader.parse(yaml, "the board mapping of tenant " + tenant);
            requireTenant(tenant, loaded.tenantId());
            return new Validation(true, loaded.tenantId(),
                    loaded.mappings().stream().map(BoardMapping::getEntityType).toList(), loaded.warnings());
        } catch (MappingValidationException e) {
            String named = e.problems().stream().map(MappingProblem::tenantId).filter(t -> t != null).findFirst().orElse(null);
            requireTenant(tenant, named);
            return new Validation(false, named, List.of(), e.problems());
        }
    }

    /** Validates, publishes, keeps the document and records who published what. */
    public Published publish(String tenant, String yaml, String who) {
        Validation validation = validate(tenant, yaml);
        if (!validation.valid()) {
            throw new Invalid(validation);
        }
        MappingLoader.Loaded loaded = loader.parse(yaml, "the board mapping of tenant " + tenant);
        audit.record(who, tenant, "MAPPINGS_PUBLISHED", Map.of("entities", validation.entities(),
                "warnings", loaded.warnings().size(), "document", yaml));
        List<String> keys = target.publish(tenant, loaded.mappings(), loaded.warnings());
        save(tenant, yaml);
        return new Published(tenant, keys, loaded.warnings());
    }

    /** The tenant's current document, as last published here. */
    public Optional<String> current(String tenant) {
        Path file = directory.resolve(tenant + ".yaml");
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireTenant(String tenant, String named) {
        if (named != null && !named.equals(tenant)) {
            throw new TenantMismatch("the board mapping is for tenant " + named + ", not " + tenant
                    + ": an admin changes the mappings of their own tenant only");
        }
    }

    private void save(String tenant, String yaml) {
        try {
            Path tmp = directory.resolve(tenant + ".yaml.tmp");
            Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
            Files.move(tmp, directory.resolve(tenant + ".yaml"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
