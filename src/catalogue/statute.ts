/**
 * The statutory periods of 主动公开, each defined once and named after the article (or rule) that sets
 * it. Rules, services, views and the assessment all import them from here.
 */

/** 条例 Art. 26: published within 20 working days of the information being formed or changed. */
export const ART26_PUBLISH_WORKING_DAYS = 20;

/**
 * 网民纠错 (and the 互动 reply promised on the portal): answered within 3 working days
 * (辽宁 implementing rule [S-WEB6]; the national wording is unconfirmed).
 */
export const ERROR_REPORT_REPLY_WORKING_DAYS = 3;
