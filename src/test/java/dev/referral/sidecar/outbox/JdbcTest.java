package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

/**
 * A statement whose arguments cannot be set is closed before the failure is thrown: its caller never received it, and
 * the pool no longer closes statements a caller forgot (statement-leak detection is off for the store's datasources).
 */
class JdbcTest {

    @Test
    void aStatementWhoseArgumentCannotBeSetIsClosed() throws SQLException {
        Connection c = mock(Connection.class);
        PreparedStatement ps = mock(PreparedStatement.class);
        when(c.prepareStatement("UPDATE outbox SET state = ?")).thenReturn(ps);
        SQLException refused = new SQLException("unsupported type");
        doThrow(refused).when(ps).setObject(anyInt(), any());

        SQLException thrown = assertThrows(SQLException.class, () -> Jdbc.update(c, "UPDATE outbox SET state = ?", "x"));

        assertSame(refused, thrown);
        verify(ps).close();
    }
}
