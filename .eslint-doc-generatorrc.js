/** @type {import('eslint-doc-generator').GenerateOptions} */
export default {
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
  ],
  ruleDocSectionInclude: ['Examples', 'When Not To Use It', 'Further Reading'],
  ruleListColumns: ['name', 'description', 'configsError', 'hasSuggestions', 'options'],
  ruleDocTitleFormat: 'name',
};
