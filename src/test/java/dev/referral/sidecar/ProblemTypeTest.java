package dev.referral.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProblemTypeTest {

    @Test
    void aProblemIsAnsweredWithItsTypesStatus() {
        for (ProblemType type : ProblemType.values()) {
            Problem problem = Problem.of(type, "detail");
            assertEquals(type.status(), problem.status(), type.name());
            assertEquals(type.title(), problem.title(), type.name());
            assertEquals(type.uri(), problem.type(), type.name());
        }
    }

    @Test
    void frameworkStatusesFindTheirType() {
        assertEquals(ProblemType.NOT_ACCEPTABLE, ProblemType.forStatus(406));
        assertEquals(ProblemType.UNSUPPORTED_MEDIA_TYPE, ProblemType.forStatus(415));
        assertEquals(ProblemType.KEY_REUSED, ProblemType.forStatus(409));
        assertEquals(ProblemType.VALIDATION, ProblemType.forStatus(408));
        assertEquals(ProblemType.INTERNAL, ProblemType.forStatus(502));
    }
}
