package dev.referral.sidecar;

import java.time.Duration;
import java.util.Optional;

/**
 * Base of the typed exceptions services throw for an answer that is not a success (key reused, not found, ...).
 * {@link ProblemMapper} turns each into its problem response; services never build a {@code Response}.
 */
public abstract class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Duration retryAfter;

    protected ProblemException(ProblemType type, String title, String detail) {
        this(Problem.of(type, title, detail), null);
    }

    protected ProblemException(ProblemType type, String title, String detail, Duration retryAfter) {
        this(Problem.of(type, title, detail), retryAfter);
    }

    protected ProblemException(Problem problem) {
        this(problem, null);
    }

    protected ProblemException(Problem problem, Duration retryAfter) {
        super(problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()), null, false, false);
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public Problem problem() {
        return problem;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
