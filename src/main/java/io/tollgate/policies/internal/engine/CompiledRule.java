package io.tollgate.policies.internal.engine;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.tollgate.policies.PolicyRule;

/** A rule with its checked condition and the program that runs it. */
record CompiledRule(PolicyRule rule, CelAbstractSyntaxTree ast, CelRuntime.Program program,
                    boolean referencesHistory, long cost) {

    /** Runs the condition; a failure (missing key, overflow, no history loaded …) is thrown to the caller. */
    boolean matches(ContextActivation activation) throws CelEvaluationException {
        return (Boolean) program.eval(activation);
    }
}
