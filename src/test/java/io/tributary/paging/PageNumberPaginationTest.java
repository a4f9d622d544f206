package io.tributary.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.http.PageRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageNumberPaginationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PageResponse page(int records) {
        return new PageResponse(JSON.createObjectNode(), Map.of(), records);
    }

    private static PageResponse page(int records, int totalPages) {
        ObjectNode body = JSON.createObjectNode().put("total_pages", totalPages);
        return new PageResponse(body, Map.of(), records);
    }

    private static Map<String, String> query(Pagination.Pager pager) {
        PageRequest request = new PageRequest();
        pager.applyTo(request);
        return request.query();
    }

    @Test
    void asksForTheFirstPageAndThePageSize() {
        Pagination.Pager pager =
                new PageNumberPagination("page", "page_size", 500, 1, null).begin();
        assertEquals(Map.of("page", "1", "page_size", "500"), query(pager));
    }

    @Test
    void leavesOutThePageSizeWhenItHasNoParameter() {
        Pagination.Pager pager = new PageNumberPagination("p", "", 50, 1, null).begin();
        assertEquals(Map.of("p", "1"), query(pager));
    }

    @Test
    void asksForTheNextPageAfterAFullPage() {
        Pagination.Pager pager = new PageNumberPagination("page", "page_size", 2, 1, null).begin();
        assertTrue(pager.advance(page(2)));
        assertEquals("2", query(pager).get("page"));
        assertEquals("page 2", pager.position());
    }

    @Test
    void startsAtPageZeroWhenTheApiCountsFromZero() {
        Pagination.Pager pager = new PageNumberPagination("page", null, 10, 0, null).begin();
        assertEquals(Map.of("page", "0"), query(pager));
    }

    @Test
    void stopsWhenTheReportedTotalPagesIsReached() {
        Pagination.Pager pager =
                new PageNumberPagination("page", "page_size", 2, 1, "/total_pages").begin();
        assertTrue(pager.advance(page(2, 3)));
        assertTrue(pager.advance(page(2, 3)));
        assertFalse(pager.advance(page(2, 3)));
    }

    @Test
    void countsTotalPagesFromPageZero() {
        Pagination.Pager pager =
                new PageNumberPagination("page", "page_size", 2, 0, "/total_pages").begin();
        assertTrue(pager.advance(page(2, 2)));
        assertFalse(pager.advance(page(2, 2)));
    }

    @Test
    void stopsOnAnEmptyPage() {
        Pagination.Pager pager = new PageNumberPagination("page", "page_size", 2, 1, null).begin();
        assertFalse(pager.advance(page(0)));
    }

    @Test
    void stopsOnAnEmptyPageEvenWhenTheTotalSaysThereIsMore() {
        Pagination.Pager pager =
                new PageNumberPagination("page", "page_size", 2, 1, "/total_pages").begin();
        assertFalse(pager.advance(page(0, 5)));
    }

    @Test
    void stopsOnAPageShorterThanThePageSize() {
        Pagination.Pager pager =
                new PageNumberPagination("page", "page_size", 100, 1, null).begin();
        assertTrue(pager.advance(page(100)));
        assertFalse(pager.advance(page(99)));
    }

    @Test
    void fallsBackToThePageSizeWhenTheBodyHasNoTotal() {
        Pagination.Pager pager =
                new PageNumberPagination("page", "page_size", 2, 1, "/total_pages").begin();
        assertTrue(pager.advance(page(2)));
        assertFalse(pager.advance(page(1)));
    }

    @Test
    void restartGoesBackToTheFirstPage() {
        Pagination.Pager pager = new PageNumberPagination("page", "page_size", 2, 0, null).begin();
        pager.advance(page(2));
        pager.advance(page(2));
        pager.restart();
        assertEquals("0", query(pager).get("page"));
    }
}
