package com.coeffection.sync.processor.merge;

import java.util.List;

/**
 * A monday stage edit whose label (or group) several stages share, kept until a newer concrete stage edit makes it
 * irrelevant: which stage it means depends on the stage just before it.
 */
public record LabelEdit(long changedAtMicros, Side side, String eventId, String label, List<String> candidateStages,
                        String defaultStage) {
    public LabelEdit {
        candidateStages = List.copyOf(candidateStages);
    }
}
