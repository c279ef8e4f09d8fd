from django import template

from netral.cases.suggest import skb_label as _skb_label

register = template.Library()


@register.filter
def skb_label(key):
    return _skb_label(key)
