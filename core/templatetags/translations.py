"""`{% translation_note %}…{% endtranslation_note %}`: one note per block shown in Chinese for want of current English.

While English is active, a `Localized` read inside the block whose English is out of date gives the
Chinese text (core.i18n) and tells the block; after its content the block then adds the note
"The English translation of this text is being updated; the Chinese original is shown." once,
however many such texts it holds. A block nested in another keeps its reads to itself. Chinese
pages never get the note (nothing is out of date in the original).
"""

from django import template
from django.template.loader import render_to_string

from core.i18n import collect_fallbacks

register = template.Library()

NOTE_TEMPLATE = "core/translation_note.html"


class TranslationNoteNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        with collect_fallbacks() as shown:
            output = self.nodelist.render(context)
        if shown:
            output += render_to_string(NOTE_TEMPLATE)
        return output


@register.tag
def translation_note(parser, token):
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("translation_note takes no arguments")
    nodelist = parser.parse(("endtranslation_note",))
    parser.delete_first_token()
    return TranslationNoteNode(nodelist)
