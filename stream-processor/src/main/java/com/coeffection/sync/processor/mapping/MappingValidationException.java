package com.coeffection.sync.processor.mapping;

import java.util.List;
import java.util.stream.Collectors;

/** A board mapping file that cannot be published: every error it has, each naming entity, field and column. */
public final class MappingValidationException extends RuntimeException {
    private final transient List<MappingProblem> problems;

    public MappingValidationException(String source, List<MappingProblem> problems) {
        super("Board mapping " + source + " has " + problems.stream()
                .filter(p -> p.severity() == MappingProblem.Severity.ERROR).count() + " error(s):\n  "
                + problems.stream().map(MappingProblem::toString).collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    public List<MappingProblem> problems() {
        return problems;
    }
}
