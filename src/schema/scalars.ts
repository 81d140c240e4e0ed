import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { builder } from './builder.js';

builder.addScalarType('DateTime', DateTimeResolver, {
  description: 'An ISO-8601 date and time in UTC, e.g. 2026-01-31T12:00:00.000Z.',
});
builder.addScalarType('JSON', JSONResolver, {
  description: 'Any JSON value.',
});
