package io.jenkins.plugins.debianbuildd.relation;

/** A version constraint operator of a relation field (Policy 7.1). */
public enum RelationOp {
    LT("<<"),
    LE("<="),
    EQ("="),
    GE(">="),
    GT(">>");

    private final String symbol;

    RelationOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /**
     * The operator for a symbol; the obsolete {@code <} and {@code >} mean {@code <=} and {@code >=}, as
     * dpkg reads them. Returns null for anything else.
     */
    public static RelationOp fromSymbol(String s) {
        return switch (s) {
            case "<<" -> LT;
            case "<=", "<" -> LE;
            case "=" -> EQ;
            case ">=", ">" -> GE;
            case ">>" -> GT;
            default -> null;
        };
    }

    /** Whether {@code candidate OP constraint} holds, given {@code cmp = compare(candidate, constraint)}. */
    public boolean accepts(int cmp) {
        return switch (this) {
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case EQ -> cmp == 0;
            case GE -> cmp >= 0;
            case GT -> cmp > 0;
        };
    }

    @Override
    public String toString() {
        return symbol;
    }
}
