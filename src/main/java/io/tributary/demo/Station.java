package io.tributary.demo;

/**
 * A weather station of the demo API.
 *
 * @param id ICAO-style identifier, unique within the demo data set
 * @param name human-readable name
 * @param latitude degrees north
 * @param longitude degrees east
 * @param elevationM elevation above sea level in metres
 */
public record Station(String id, String name, double latitude, double longitude, int elevationM) {}
