package io.tributary.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.http.PageRequest;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkHeaderPaginationTest {

    @Test
    void findsTheNextLinkAmongGitHubsRelations() {
        String header =
                "<https://api.github.com/repositories/1000/issues?per_page=3&page=1>; rel=\"prev\", "
                        + "<https://api.github.com/repositories/1000/issues?per_page=3&page=3>; rel=\"next\", "
                        + "<https://api.github.com/repositories/1000/issues?per_page=3&page=5>; rel=\"last\"";
        assertEquals(
                "https://api.github.com/repositories/1000/issues?per_page=3&page=3",
                LinkHeaderPagination.next(header));
    }

    @Test
    void readsShopifysOpaquePageInfoAndSeveralRelationsInOneValue() {
        assertEquals(
                "https://shop.myshopify.com/admin/api/2024-01/products.json?limit=50&page_info=eyJsYXN0X2lkIjo",
                LinkHeaderPagination.next(
                        "<https://shop.myshopify.com/admin/api/2024-01/products.json?limit=50&page_info=eyJsYXN0X2lkIjo>; rel=\"next last\""));
        assertEquals("/items?page=2", LinkHeaderPagination.next("</items?page=2>;rel=next"));
    }

    @Test
    void noNextRelationMeansTheLastPage() {
        assertNull(
                LinkHeaderPagination.next(
                        "<https://api.github.com/x?page=4>; rel=\"prev\", <https://api.github.com/x?page=1>; rel=\"first\""));
        assertNull(LinkHeaderPagination.next(null));
    }

    @Test
    void resolvesARelativeLinkAgainstThePageItCameWith() {
        Pagination.Pager pager = new LinkHeaderPagination("per_page", 100).begin();
        PageRequest first = new PageRequest();
        pager.applyTo(first);
        assertEquals(Map.of("per_page", "100"), first.query());
        var body = new ObjectMapper().createArrayNode();
        assertTrue(
                pager.advance(
                        new PageResponse(
                                body,
                                Map.of("link", "</v2/items?cursor=abc>; rel=\"next\""),
                                1,
                                body,
                                URI.create("http://127.0.0.1:8080/v1/items?per_page=100"))));
        PageRequest second = new PageRequest();
        pager.applyTo(second);
        assertEquals("http://127.0.0.1:8080/v2/items?cursor=abc", second.url());
        assertTrue(second.query().isEmpty(), "the next link carries its own parameters");
        assertFalse(
                pager.advance(new PageResponse(body, Map.of(), 1, body, URI.create(second.url()))));
    }
}
