package com.coeffection.sync.launcher;

import com.coeffection.sync.processor.mapping.MappingLoader;
import com.coeffection.sync.schema.BoardMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The board-mapping files an admin gives with {@code SYNC_BOARD_MAPPINGS} (one path, or several separated by
 * commas), validated on load: a file with an error stops the start with a message naming entity, field and column.
 * On the monday stand-in with no file configured, a bundled demo mapping (tenant {@code demo}) is used so the embedded
 * default has boards to sync.
 */
final class BoardMappingFiles {
    private static final Logger log = LoggerFactory.getLogger(BoardMappingFiles.class);
    static final String DEMO_MAPPING = "/embedded/demo-board-mappings.yaml";

    private BoardMappingFiles() {
    }

    static List<BoardMapping> load(Map<String, String> env, boolean onStandIn) {
        MappingLoader loader = new MappingLoader(Clock.systemUTC());
        List<BoardMapping> mappings = new ArrayList<>();
        String files = env.get("SYNC_BOARD_MAPPINGS");
        if (files != null && !files.isBlank()) {
            for (String file : files.split(",")) {
                MappingLoader.Loaded loaded = loader.load(Path.of(file.trim()));
                loaded.warnings().forEach(w -> log.warn("{}: {}", file.trim(), w));
                mappings.addAll(loaded.mappings());
            }
        } else if (onStandIn) {
            try (InputStream in = BoardMappingFiles.class.getResourceAsStream(DEMO_MAPPING)) {
                if (in != null) {
                    MappingLoader.Loaded loaded = loader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEMO_MAPPING);
                    mappings.addAll(loaded.mappings());
                    log.info("Using the demo board mappings (tenant {}); set SYNC_BOARD_MAPPINGS for your own", loaded.tenantId());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return mappings;
    }
}
