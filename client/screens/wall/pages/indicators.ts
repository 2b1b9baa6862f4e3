/** The share indicator the wall's map, ranking and trend show. */
export const TREND_INDICATOR = 'online_rate';
export const TREND_DAYS = 30;
