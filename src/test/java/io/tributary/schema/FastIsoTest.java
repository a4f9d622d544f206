package io.tributary.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The fast ISO reader agrees with the formatter, and leaves everything unusual to it. */
class FastIsoTest {
    static OffsetDateTime slow(String s) {
        return OffsetDateTime.parse(s, SchemaRecordMapper.ISO_ANY_OFFSET)
                .withOffsetSameInstant(ZoneOffset.UTC);
    }

    @Test
    void readsTheCommonShapesExactlyAsTheFormatterDoes() {
        for (String s :
                new String[] {
                    "2011-04-22T13:33:48Z",
                    "2024-03-01T09:00:00.000+0100",
                    "2024-03-01T09:00:00.5-05:30",
                    "2026-11-26T01:02:03.123456789+00:00",
                    "2024-02-29T23:59:59Z"
                }) {
            assertEquals(slow(s), SchemaRecordMapper.fastIso(s), s);
        }
    }

    @Test
    void leavesImpossibleDatesAndOtherShapesToTheFormatter() {
        for (String s :
                new String[] {
                    "2024-02-30T10:00:00Z",
                    "2024-03-01T09:00Z",
                    "2024-03-01T09:00:00",
                    "2024-03-01 09:00:00Z",
                    "2024-03-01T09:00:00+01",
                    "2024-03-01T25:00:00Z",
                    "2024-03-01T09:00:00.Z",
                    "+12024-03-01T09:00:00Z"
                }) {
            assertNull(SchemaRecordMapper.fastIso(s), s);
        }
    }
}
