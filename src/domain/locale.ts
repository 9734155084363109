/** The languages AirGate speaks: Chinese by default, English on request. Cards, chat and the CLI share it. */
export type Locale = 'zh' | 'en';
