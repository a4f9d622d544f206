package io.tributary.schema;

/**
 * One schema-drift finding, e.g. Stripe starting to send {@code payment_method_options}.
 *
 * @param kind {@code new_field}, {@code missing_field} or {@code changed_type}
 * @param field the source field
 * @param detail what was seen (the JSON type, or the declared and the seen type)
 * @param action what the policy did: {@code reported}, {@code column_added}, {@code run_failed},
 *     {@code quarantined}
 */
public record DriftEvent(String kind, String field, String detail, String action) {}
