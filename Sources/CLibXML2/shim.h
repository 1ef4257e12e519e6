/* Debian's libxml2 is built with ICU, and its encoding.h then includes ICU's headers. Swift's
 * Foundation carries its own copy of ICU (_FoundationICU) whose UErrorCode differs, and a module
 * that sees both fails to build now and then, depending on which the module cache met first.
 * Kaiguul decodes charsets itself and never touches the ICU converter fields (the last fields of
 * xmlCharEncodingHandler), so the ICU part of the headers is switched off here. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
