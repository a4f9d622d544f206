package io.tributary.support;

/**
 * Order lines as an ERP's CSV export writes them (the {@code kamelet/orders.schema.yaml} shape).
 */
public final class OrderLines {
    public static final String HEADER = "order_id,line,sku,quantity,price,ordered\n";

    private OrderLines() {}

    /** {@code lines} lines of one order, numbered from 1, header first. */
    public static String csv(String order, int lines) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int l = 1; l <= lines; l++) {
            csv.append(order)
                    .append(',')
                    .append(l)
                    .append(",SKU-")
                    .append(l % 17)
                    .append(",1,2.50,2026-11-02\n");
        }
        return csv.toString();
    }
}
