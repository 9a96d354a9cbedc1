package com.coeffection.sync.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests the JVM's shared {@link RealInfra} (real broker, real schema registry) as a
 * parameter of a test method, constructor or lifecycle method. The infrastructure is stopped when the whole test
 * run ends (JUnit closes the root store), while the test JVM can still report normally.
 */
public final class RealInfraExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealInfraExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RealInfra.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(StopAtEnd.class, k -> new StopAtEnd(), StopAtEnd.class);
        return RealInfra.shared();
    }

    /** Stops the shared infrastructure when the root context closes, at the end of the run. */
    private static final class StopAtEnd implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            RealInfra.stopShared();
        }
    }
}
