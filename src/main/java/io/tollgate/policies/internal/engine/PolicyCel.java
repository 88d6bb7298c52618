package io.tollgate.policies.internal.engine;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;

/**
 * The one CEL environment every condition is compiled and run in: standard CEL with its macros, the
 * {@link ContextSchema} variables, bool results, and int/double comparisons allowed ({@code request.estimated_usd > 5}).
 * Thread-safe; programs made from it are too.
 */
final class PolicyCel {

    /** A run-time backstop to the static cost ceiling: no comprehension runs more iterations than this. */
    static final int MAX_COMPREHENSION_ITERATIONS = 1_000;

    static final Cel CEL = CelFactory.plannerCelBuilder()
            .setOptions(CelOptions.current()
                    .enableHeterogeneousNumericComparisons(true)
                    .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
                    .build())
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setTypeProvider(ContextSchema.typeProvider())
            .addVarDeclarations(ContextSchema.declarations())
            .setResultType(SimpleType.BOOL)
            .build();

    private PolicyCel() {
    }
}
