package io.tollgate.policies.internal.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;

import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.CelComprehension;

/**
 * The context variables a condition reads, found by walking its AST. A comprehension variable that shadows a
 * context variable ({@code [1].exists(history, history > 0)}) is not a read of it.
 */
final class ReferencedVariables {

    private final Set<String> found = new TreeSet<>();
    private final Deque<String> shadowed = new ArrayDeque<>();

    static Set<String> of(CelExpr expr) {
        ReferencedVariables walk = new ReferencedVariables();
        walk.visit(expr);
        return walk.found;
    }

    private void visit(CelExpr expr) {
        switch (expr.getKind()) {
            case IDENT -> {
                String name = expr.ident().name();
                if (!shadowed.contains(name)) {
                    found.add(name);
                }
            }
            case SELECT -> visit(expr.select().operand());
            case CALL -> {
                expr.call().target().ifPresent(this::visit);
                expr.call().args().forEach(this::visit);
            }
            case LIST -> expr.list().elements().forEach(this::visit);
            case MAP -> expr.map().entries().forEach(e -> {
                visit(e.key());
                visit(e.value());
            });
            case STRUCT -> expr.struct().entries().forEach(e -> visit(e.value()));
            case COMPREHENSION -> comprehension(expr.comprehension());
            default -> {
            }
        }
    }

    private void comprehension(CelComprehension c) {
        visit(c.iterRange());
        visit(c.accuInit());
        shadowed.push(c.accuVar());
        shadowed.push(c.iterVar());
        if (!c.iterVar2().isEmpty()) {
            shadowed.push(c.iterVar2());
        }
        visit(c.loopCondition());
        visit(c.loopStep());
        if (!c.iterVar2().isEmpty()) {
            shadowed.pop();
        }
        shadowed.pop();
        visit(c.result());
        shadowed.pop();
    }
}
