/**
 * What the built-in task families share: reading their options, deciding a problem's split from its
 * content, and drawing distinct problems of one split from a seed.
 */
package dev.distill4j.tasks.family;
